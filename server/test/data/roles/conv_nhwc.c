/* Batched NHWC conv with OHWI weights: channels innermost in every array. */
#define NB 2
#define C 8
#define K 4
#define H 10
#define W 12
#define R 3
float I[NB][H][W][C], Wt[K][R][R][C], O[NB][H - R + 1][W - R + 1][K];
void conv_nhwc(void)
{
    for (int b = 0; b < NB; b++)
        for (int y = 0; y < H - R + 1; y++)
            for (int x = 0; x < W - R + 1; x++)
                for (int k = 0; k < K; k++)
                    for (int r = 0; r < R; r++)
                        for (int s = 0; s < R; s++)
                            for (int c = 0; c < C; c++)
                                O[b][y][x][k] += I[b][y + r][x + s][c] * Wt[k][r][s][c];
}
