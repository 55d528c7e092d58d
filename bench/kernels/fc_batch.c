// bench: fn=fc_batch defines= quick=BATCH=2,IN=16,OUT=8 flops=2*BATCH*IN*OUT
/* Fully connected layer over a batch: y[b][o] = bias[o] + sum_i w[o][i] * x[b][i]. */
#include "bench.h"
#ifndef BATCH
#define BATCH 64
#endif
#ifndef IN
#define IN 2048
#endif
#ifndef OUT
#define OUT 1024
#endif
float x[BATCH][IN], w[OUT][IN], bias[OUT], y[BATCH][OUT];

void fc_batch(void)
{
    for (int b = 0; b < BATCH; b++)
        for (int o = 0; o < OUT; o++) {
            float acc = bias[o];
            for (int i = 0; i < IN; i++)
                acc += w[o][i] * x[b][i];
            y[b][o] = acc;
        }
}

int main(void)
{
    BENCH_FILL(x, float); BENCH_FILL(w, float); BENCH_FILL(bias, float);
    bench_start();
    fc_batch();
    bench_stop();
    BENCH_OUTPUT(y, float, 'f');
    return 0;
}
