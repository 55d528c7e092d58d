// loopsmith-test: --nest conv:15 --to-layout NCHW
// loopsmith-driver: conv(); float O[N][FW][FH + 1] I[C][FW + K - 1][FH + K - 1] W[C][K][K]
// expect-refused: no NCHW order of loops n, x, y, i, j, k is legal \(a dependence on O would be reversed\)[\s\S]*dependence on O
/* The accumulation also reads the next output column O[n][x][y + 1]: moving k, i, j outside y
   would read it after it was updated. */
#define N 3
#define C 2
#define K 3
#define FW 4
#define FH 5
float O[N][FW][FH + 1], I[C][FW + K - 1][FH + K - 1], W[C][K][K];

void conv(void)
{
    for (int n = 0; n < N; n++)
        for (int x = 0; x < FW; x++)
            for (int y = 0; y < FH; y++)
                for (int i = 0; i < K; i++)
                    for (int j = 0; j < K; j++)
                        for (int k = 0; k < C; k++)
                            O[n][x][y] += I[k][x + i][y + j] * W[k][i][j] + O[n][x][y + 1];
}
