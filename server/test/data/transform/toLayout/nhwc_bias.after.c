// loopsmith-test: --nest conv:20 --to-layout NHWC
// loopsmith-driver: conv(); float O[FW][FH][N] I[FW + K - 1][FH + K - 1][C] W[K][K][C] B[N]
// loopsmith-sizes: N=3,C=2,K=3,FW=5,FH=4 | N=2,C=5,K=2,FW=7,FH=6
/* The course notes' loops over NHWC data: split, then every part runs x, y before the channels. */
#define N 4
#define C 3
#define K 3
#define FW 6
#define FH 5

float O[FW][FH][N];
float I[FW + K - 1][FH + K - 1][C];
float W[K][K][C];
float B[N];

void conv(void)
{
    int n, x, y, i, j, k;

    for (x = 0; x < FW; x++)
        for (y = 0; y < FH; y++)
            for (n = 0; n < N; n++) {
                O[x][y][n] = B[n];
            }

    for (x = 0; x < FW; x++)
        for (y = 0; y < FH; y++)
            for (i = 0; i < K; i++) {
                for (j = 0; j < K; j++)
                    for (n = 0; n < N; n++)
                        for (k = 0; k < C; k++)
                            O[x][y][n] += I[x + i][y + j][k] * W[i][j][k];
            }

    for (x = 0; x < FW; x++)
        for (y = 0; y < FH; y++)
            for (n = 0; n < N; n++) {
                O[x][y][n] = O[x][y][n] > 0.0f ? O[x][y][n] : 0.0f;
            }
}
