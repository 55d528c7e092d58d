// bench: fn=pooling defines= quick=C=4,H=8,W=8 flops=0
/* 2x2 max and average pooling of a CHW map, channel loop innermost (bad). */
#include "bench.h"
#ifndef C
#define C 256
#endif
#ifndef H
#define H 224
#endif
#ifndef W
#define W 224
#endif
float in[C][H][W], omax[C][H / 2][W / 2], oavg[C][H / 2][W / 2];

void pooling(void)
{
    for (int oy = 0; oy < H / 2; oy++)
        for (int ox = 0; ox < W / 2; ox++)
            for (int c = 0; c < C; c++) {
                float m = in[c][2 * oy][2 * ox], s = 0.0f;
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++) {
                        float v = in[c][2 * oy + dy][2 * ox + dx];
                        m = v > m ? v : m;
                        s += v;
                    }
                omax[c][oy][ox] = m;
                oavg[c][oy][ox] = 0.25f * s;
            }
}

int main(void)
{
    BENCH_FILL(in, float);
    bench_start();
    pooling();
    bench_stop();
    for (size_t q = 0; q < sizeof(oavg) / sizeof(float); q++) ((float *)oavg)[q] += ((float *)omax)[q];
    BENCH_OUTPUT(oavg, float, 'f');
    return 0;
}
