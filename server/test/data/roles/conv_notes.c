/* The course notes' naive conv, letters as in the notes: n counts filters (K), k input channels. */
#define N 16
#define C 4
#define K 3
#define FW 32
#define FH 24
float O[N][FW][FH];
float I[C][FW + K - 1][FH + K - 1];
float W[C][K][K];
float B[N];
static float f(float v) { return v > 0.0f ? v : 0.0f; }
void conv(void)
{
    int n, x, y, i, j, k;
    for (n = 0; n < N; n++)
        for (x = 0; x < FW; x++)
            for (y = 0; y < FH; y++) {
                O[n][x][y] = B[n];
                for (i = 0; i < K; i++)
                    for (j = 0; j < K; j++)
                        for (k = 0; k < C; k++)
                            O[n][x][y] += I[k][x + i][y + j] * W[k][i][j];
                O[n][x][y] = f(O[n][x][y]);
            }
}
