// bench: fn=conv_nchw defines= quick=NF=3,C=2,H=8,W=8 flops=2*NF*C*H*W*9
/* The course notes' naive conv over NCHW data (one image): innermost loop over input channels. */
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
float O[NF][H][W], I[C][H + K - 1][W + K - 1], Wt[NF][C][K][K], Bias[NF];

void conv_nchw(void)
{
    for (int n = 0; n < NF; n++)
        for (int x = 0; x < H; x++)
            for (int y = 0; y < W; y++) {
                O[n][x][y] = Bias[n];
                for (int i = 0; i < K; i++)
                    for (int j = 0; j < K; j++)
                        for (int k = 0; k < C; k++)
                            O[n][x][y] += I[k][x + i][y + j] * Wt[n][k][i][j];
                O[n][x][y] = O[n][x][y] > 0.0f ? O[n][x][y] : 0.0f;
            }
}

int main(void)
{
    BENCH_FILL(I, float); BENCH_FILL(Wt, float); BENCH_FILL(Bias, float);
    bench_start();
    conv_nchw();
    bench_stop();
    BENCH_OUTPUT(O, float, 'f');
    return 0;
}
