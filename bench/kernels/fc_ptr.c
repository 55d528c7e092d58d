// bench: fn=dense defines= quick=B=2,IN=16,OUT=8 flops=2*B*IN*OUT
/* User-style dense layer with ReLU: pointer parameters (no restrict), sizes as parameters,
 * the sum over the input innermost (a reduction gcc -O3 does not vectorise as written). */
#include "bench.h"
#ifndef B
#define B 32
#endif
#ifndef IN
#define IN 2048
#endif
#ifndef OUT
#define OUT 1024
#endif
float x_buf[B * IN], w_buf[OUT * IN], b_buf[OUT], y_buf[B * OUT];

void dense(const float *x, const float *w, const float *bias, float *y, int batch, int n_in, int n_out)
{
    for (int n = 0; n < batch; n++)
        for (int o = 0; o < n_out; o++) {
            float s = bias[o];
            for (int i = 0; i < n_in; i++)
                s += w[o * n_in + i] * x[n * n_in + i];
            y[n * n_out + o] = s > 0.0f ? s : 0.0f;
        }
}

int main(void)
{
    BENCH_FILL(x_buf, float);
    BENCH_FILL(w_buf, float);
    BENCH_FILL(b_buf, float);
    bench_start();
    dense(x_buf, w_buf, b_buf, y_buf, B, IN, OUT);
    bench_stop();
    BENCH_OUTPUT(y_buf, float, 'f');
    return 0;
}
