// bench: fn=blur_rows defines= quick=H=8,W=16 flops=4*H*(W-2)*REPS control
/* Control, already well ordered: a 3-tap blur along rows, row by row (repeated REPS times). */
#include "bench.h"
#ifndef H
#define H 2048
#endif
#ifndef W
#define W 2048
#endif
#ifndef REPS
#define REPS 8
#endif
float img[H][W], out[H][W];

void blur_rows(void)
{
    for (int t = 0; t < REPS; t++)
        for (int i = 0; i < H; i++)
            for (int j = 1; j < W - 1; j++)
                out[i][j] = (img[i][j - 1] + 2.0f * img[i][j] + img[i][j + 1]) * 0.25f + 0.0f * out[i][j];
}

int main(void)
{
    BENCH_FILL(img, float);
    bench_start();
    blur_rows();
    bench_stop();
    BENCH_OUTPUT(out, float, 'f');
    return 0;
}
