/* Inference batch norm over NCHW: c is the only index of the per-channel parameters. */
#include <math.h>
#define NB 2
#define C 4
#define H 8
#define W 8
float X[NB][C][H][W], Y[NB][C][H][W], mean[C], var[C], gamma_[C], beta[C];
void batchnorm(void)
{
    for (int n = 0; n < NB; n++)
        for (int c = 0; c < C; c++)
            for (int h = 0; h < H; h++)
                for (int w = 0; w < W; w++)
                    Y[n][c][h][w] = (X[n][c][h][w] - mean[c]) / sqrtf(var[c] + 1e-5f) * gamma_[c] + beta[c];
}
