// bench: fn=conv2d defines= quick=C=2,K=3,H=8,W=9 flops=2*K*(H-2)*(W-2)*C*9
/* User-style conv: flat CHW buffers through pointer parameters (no restrict), the sizes as
 * int parameters, a local for the output size. Loopsmith versions it for aliasing. */
#include "bench.h"
#ifndef C
#define C 64
#endif
#ifndef K
#define K 64
#endif
#ifndef H
#define H 58
#endif
#ifndef W
#define W 58
#endif
float in_buf[C * H * W], w_buf[K * C * 9], out_buf[K * (H - 2) * (W - 2)];

void conv2d(const float *in, const float *w, float *out, int c_in, int k_out, int h, int wd, int r)
{
    int oh = h - r + 1, ow = wd - r + 1;
    for (int k = 0; k < k_out; k++)
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                float acc = 0.0f;
                for (int c = 0; c < c_in; c++)
                    for (int i = 0; i < r; i++)
                        for (int j = 0; j < r; j++)
                            acc += in[(c * h + y + i) * wd + x + j] * w[((k * c_in + c) * r + i) * r + j];
                out[(k * oh + y) * ow + x] = acc;
            }
}

int main(void)
{
    BENCH_FILL(in_buf, float);
    BENCH_FILL(w_buf, float);
    bench_start();
    conv2d(in_buf, w_buf, out_buf, C, K, H, W, 3);
    bench_stop();
    BENCH_OUTPUT(out_buf, float, 'f');
    return 0;
}
