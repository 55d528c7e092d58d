// bench: fn=avgpool_while defines= quick=H=8,W=6 flops=H*W
/* Column-wise average pooling written with pointer walks and a countdown, as in CMSIS-style code:
 * out[x] = mean over rows of in[y][x], walking each column down. */
#include "bench.h"
#ifndef H
#define H 3000
#endif
#ifndef W
#define W 3000
#endif
float in_buf[H * W], out_buf[W];

void avgpool_while(const float *in, float *out, int h, int w)
{
    for (int x = 0; x < w; x++) {
        const float *p = in + x;
        float s = 0;
        int cnt = h;
        while (cnt--) {
            s += *p;
            p += w;
        }
        out[x] = s / h;
    }
}

int main(void)
{
    BENCH_FILL(in_buf, float);
    bench_start();
    avgpool_while(in_buf, out_buf, H, W);
    bench_stop();
    BENCH_OUTPUT(out_buf, float, 'f');
    return 0;
}
