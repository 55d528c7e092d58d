// bench: fn=depthwise defines= quick=C=4,H=8,W=8 flops=2*C*H*W*9
/* Depthwise 3x3 conv on NCHW floats with a scalar accumulator; channel loop innermost (bad). */
#include "bench.h"
#ifndef C
#define C 256
#endif
#ifndef H
#define H 112
#endif
#ifndef W
#define W 112
#endif
float in[C][H + 2][W + 2], wt[C][3][3], out[C][H][W];

void depthwise(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < C; c++) {
                float acc = 0.0f;
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++)
                        acc += in[c][y + ky][x + kx] * wt[c][ky][kx];
                out[c][y][x] = acc;
            }
}

int main(void)
{
    BENCH_FILL(in, float); BENCH_FILL(wt, float);
    bench_start();
    depthwise();
    bench_stop();
    BENCH_OUTPUT(out, float, 'f');
    return 0;
}
