// loopsmith-test: --relayout I=HWC --and-reorder
// loopsmith-driver: conv(); total(); float O[N][FW][FH] I[C][FW + K - 1][FH + K - 1] W[C][K][K] B[N] S[1]
// loopsmith-sizes: N=3,C=2,K=3,FW=5,FH=4 | N=2,C=5,K=2,FW=7,FH=6
// loopsmith-perm: I=1,2,0
/* As notes_input (I from CHW to HWC), then each nest using I reordered as --layout does for the
   new layout: conv's accumulation gets k innermost; total() too. */
#define N 4
#define C 3
#define K 3
#define FW 6
#define FH 5

float O[N][FW][FH];
float I[FW + K - 1][FH + K - 1][C];
float W[C][K][K];
float B[N];
float S[1];

void conv(void)
{
    for (int n = 0; n < N; n++)
        for (int x = 0; x < FW; x++)
            for (int y = 0; y < FH; y++) {
                O[n][x][y] = B[n];
            }

    for (int n = 0; n < N; n++)
        for (int x = 0; x < FW; x++)
            for (int i = 0; i < K; i++) {
                for (int k = 0; k < C; k++)
                    for (int j = 0; j < K; j++)
                        for (int y = 0; y < FH; y++)
                            O[n][x][y] += I[x + i][y + j][k] * W[k][i][j];
            }
}

/* The sum of the input, channel by channel, and the element count from sizeof. */
void total(void)
{
    float s = 0.0f;
    for (int h = 0; h < FW + K - 1; h++)
        for (int c = 0; c < C; c++)
            for (int w = 0; w < FH + K - 1; w++)
                s += I[h][w][c] * (float)(c + 1);
    S[0] = s + (float)(sizeof I / sizeof I[0][0][0]);
}
