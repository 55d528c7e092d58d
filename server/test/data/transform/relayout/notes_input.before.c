// loopsmith-test: --relayout I=HWC
// loopsmith-driver: conv(); total(); float O[N][FW][FH] I[C][FW + K - 1][FH + K - 1] W[C][K][K] B[N] S[1]
// loopsmith-sizes: N=3,C=2,K=3,FW=5,FH=4 | N=2,C=5,K=2,FW=7,FH=6
// loopsmith-perm: I=1,2,0
/* The course notes' conv with its input stored channel-last (CHW -> HWC); a second function
   reads I too, and sizeof of the whole array stays as it is. */
#define N 4
#define C 3
#define K 3
#define FW 6
#define FH 5

float O[N][FW][FH];
float I[C][FW + K - 1][FH + K - 1];
float W[C][K][K];
float B[N];
float S[1];

void conv(void)
{
    for (int n = 0; n < N; n++)
        for (int x = 0; x < FW; x++)
            for (int y = 0; y < FH; y++) {
                O[n][x][y] = B[n];
                for (int i = 0; i < K; i++)
                    for (int j = 0; j < K; j++)
                        for (int k = 0; k < C; k++)
                            O[n][x][y] += I[k][x + i][y + j] * W[k][i][j];
            }
}

/* The sum of the input, channel by channel, and the element count from sizeof. */
void total(void)
{
    float s = 0.0f;
    for (int c = 0; c < C; c++)
        for (int h = 0; h < FW + K - 1; h++)
            for (int w = 0; w < FH + K - 1; w++)
                s += I[c][h][w] * (float)(c + 1);
    S[0] = s + (float)(sizeof I / sizeof I[0][0][0]);
}
