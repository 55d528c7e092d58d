// bench: fn=conv_nhwc defines= quick=NF=3,C=2,H=8,W=8 flops=2*NF*C*H*W*9
/* The course notes' naive conv over NHWC data: filters outermost, so O is walked with stride NF. */
#include "bench.h"
#ifndef NF
#define NF 64
#endif
#ifndef C
#define C 64
#endif
#ifndef H
#define H 56
#endif
#ifndef W
#define W 56
#endif
#define K 3
float O[H][W][NF], I[H + K - 1][W + K - 1][C], Wt[NF][K][K][C], Bias[NF];

void conv_nhwc(void)
{
    for (int n = 0; n < NF; n++)
        for (int x = 0; x < H; x++)
            for (int y = 0; y < W; y++) {
                O[x][y][n] = Bias[n];
                for (int i = 0; i < K; i++)
                    for (int j = 0; j < K; j++)
                        for (int k = 0; k < C; k++)
                            O[x][y][n] += I[x + i][y + j][k] * Wt[n][i][j][k];
                O[x][y][n] = O[x][y][n] > 0.0f ? O[x][y][n] : 0.0f;
            }
}

int main(void)
{
    BENCH_FILL(I, float); BENCH_FILL(Wt, float); BENCH_FILL(Bias, float);
    bench_start();
    conv_nhwc();
    bench_stop();
    BENCH_OUTPUT(O, float, 'f');
    return 0;
}
