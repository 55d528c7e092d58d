// loopsmith-test: --nest gconv:15 --to-layout NCHW
// loopsmith-driver: gconv(); float I[G][C][H + R - 1][W + R - 1] Wt[G][K][C][R][R] O[G][K][H][W]
// loopsmith-sizes: G=2,C=2,K=3,H=4,W=5,R=3 | G=3,C=3,K=2,H=5,W=3,R=2
/* Grouped conv: g and c would both be channels (C), so neither gets a role and both keep their
   places (first and sixth); k, x, y and the window loops take the NCHW order around them. */
#define G 2
#define C 3
#define K 4
#define H 6
#define W 5
#define R 3
float I[G][C][H + R - 1][W + R - 1], Wt[G][K][C][R][R], O[G][K][H][W];
void gconv(void)
{
    for (int g = 0; g < G; g++)
        for (int k = 0; k < K; k++)
            for (int x = 0; x < H; x++)
                for (int i = 0; i < R; i++)
                    for (int j = 0; j < R; j++)
                        for (int c = 0; c < C; c++)
                            for (int y = 0; y < W; y++)
                                O[g][k][x][y] += I[g][c][x + i][y + j] * Wt[g][k][c][i][j];
}
