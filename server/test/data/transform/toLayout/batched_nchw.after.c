// loopsmith-test: --nest conv_nchw:14 --to-layout NCHW
// loopsmith-driver: conv_nchw(); float I[NB][C][H][W] Wt[K][C][R][R] O[NB][K][H - R + 1][W - R + 1]
// loopsmith-sizes: NB=2,C=2,K=3,H=5,W=6,R=2 | NB=3,C=3,K=2,H=7,W=5,R=3
/* Batched NCHW conv walked channel-innermost (as for NHWC): NCHW order is b, k, c, then the rows and columns. */
#define NB 2
#define C 3
#define K 4
#define H 8
#define W 9
#define R 3
float I[NB][C][H][W], Wt[K][C][R][R], O[NB][K][H - R + 1][W - R + 1];
void conv_nchw(void)
{
    for (int b = 0; b < NB; b++)
        for (int k = 0; k < K; k++)
            for (int c = 0; c < C; c++)
                for (int x = 0; x < H - R + 1; x++)
                    for (int i = 0; i < R; i++)
                        for (int j = 0; j < R; j++)
                            for (int y = 0; y < W - R + 1; y++)
                                O[b][k][x][y] += I[b][c][x + i][y + j] * Wt[k][c][i][j];
}
