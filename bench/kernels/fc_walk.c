// bench: fn=fc_walk defines= quick=IN=16,OUT=8 flops=2*IN*OUT
/* A dense layer in embedded style: one pointer walks the weights across every row (*w++), one
 * walks the input per row (*px++), the sizes are parameters. */
#include "bench.h"
#ifndef IN
#define IN 2048
#endif
#ifndef OUT
#define OUT 2048
#endif
float w_buf[OUT * IN], x_buf[IN], y_buf[OUT];

void fc_walk(const float *W, const float *x, float *y, int in, int out)
{
    const float *w = W;
    for (int o = 0; o < out; o++) {
        float acc = 0;
        const float *px = x;
        for (int i = 0; i < in; i++)
            acc += *w++ * *px++;
        y[o] = acc;
    }
}

int main(void)
{
    BENCH_FILL(w_buf, float); BENCH_FILL(x_buf, float);
    bench_start();
    for (int rep = 0; rep < 4; rep++) fc_walk(w_buf, x_buf, y_buf, IN, OUT);
    bench_stop();
    BENCH_OUTPUT(y_buf, float, 'f');
    return 0;
}
