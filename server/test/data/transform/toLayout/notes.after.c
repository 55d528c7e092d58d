// loopsmith-test: --nest conv:22 --to-layout NCHW
// loopsmith-driver: conv(); float O[N][FW][FH] I[C][FW + K - 1][FH + K - 1] W[C][K][K] B[N]
// loopsmith-sizes: N=3,C=2,K=3,FW=5,FH=4 | N=2,C=5,K=2,FW=7,FH=6
/* The course notes' conv: n counts the filters (role K), k the input channels (C). NCHW order
   is n, k, then x, y; the split (bias; accumulation; activation) comes first. */
#define N 4
#define C 3
#define K 3
#define FW 6
#define FH 5

float O[N][FW][FH];
float I[C][FW + K - 1][FH + K - 1];
float W[C][K][K];
float B[N];

static float relu(float v) { return v > 0.0f ? v : 0.0f; }

void conv(void)
{
    int n, x, y, i, j, k;
    for (n = 0; n < N; n++) {
        for (x = 0; x < FW; x++) {
            for (y = 0; y < FH; y++) {
                O[n][x][y] = B[n]; /* add bias */
            }
        }
    }

    for (n = 0; n < N; n++) {
        for (k = 0; k < C; k++) {
            for (x = 0; x < FW; x++) {
                for (i = 0; i < K; i++) {
                    for (j = 0; j < K; j++) {
                        for (y = 0; y < FH; y++) {
                            O[n][x][y] += I[k][x + i][y + j] * W[k][i][j];
                        }
                    }
                }
            }
        }
    }

    for (n = 0; n < N; n++) {
        for (x = 0; x < FW; x++) {
            for (y = 0; y < FH; y++) {
                O[n][x][y] = relu(O[n][x][y]); /* activation */
            }
        }
    }
}
