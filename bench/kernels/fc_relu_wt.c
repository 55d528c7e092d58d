// bench: fn=fc_relu_wt defines= quick=IN=16,OUT=8 flops=2*IN*OUT
/* FC with weights stored input-major (w[i][o]) and a ReLU on the store, as exported by some
 * frameworks: the dot product walks a column of w. */
#include "bench.h"
#ifndef IN
#define IN 4096
#endif
#ifndef OUT
#define OUT 2048
#endif
float w_buf[IN * OUT], x_buf[IN], y_buf[OUT];

static inline float relu(float v) { return v > 0 ? v : 0; }

void fc_relu_wt(int in, int out, const float *w, const float *x, float *y)
{
    for (int o = 0; o < out; o++) {
        float acc = 0;
        for (int i = 0; i < in; i++)
            acc += w[i * out + o] * x[i];
        y[o] = relu(acc);
    }
}

int main(void)
{
    BENCH_FILL(w_buf, float); BENCH_FILL(x_buf, float);
    bench_start();
    fc_relu_wt(IN, OUT, w_buf, x_buf, y_buf);
    bench_stop();
    BENCH_OUTPUT(y_buf, float, 'f');
    return 0;
}
