// loopsmith-test: --relayout I=NCHW
// loopsmith-driver: conv_nhwc(); float I[NB][H][W][C] Wt[K][R][R][C] O[NB][H - R + 1][W - R + 1][K]
// loopsmith-sizes: NB=2,C=3,K=2,H=5,W=6,R=2 | NB=1,C=4,K=3,H=6,W=7,R=3
// loopsmith-perm: I=0,3,1,2
/* A batched NHWC conv whose input is changed to NCHW. */
#define NB 2
#define C 8
#define K 4
#define H 7
#define W 8
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
