/* Batched NCHW conv: the batch loop b indexes the output and the input, not the weights. */
#define NB 2
#define C 3
#define K 4
#define H 10
#define W 12
#define R 3
float I[NB][C][H][W], Wt[K][C][R][R], O[NB][K][H - R + 1][W - R + 1];
void conv_nchw(void)
{
    for (int b = 0; b < NB; b++)
        for (int k = 0; k < K; k++)
            for (int x = 0; x < H - R + 1; x++)
                for (int y = 0; y < W - R + 1; y++)
                    for (int c = 0; c < C; c++)
                        for (int i = 0; i < R; i++)
                            for (int j = 0; j < R; j++)
                                O[b][k][x][y] += I[b][c][x + i][y + j] * Wt[k][c][i][j];
}
