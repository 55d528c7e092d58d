/*
 * The course notes' conv (embedded deep-learning notes), data in NCHW: I is C x H x W, O is
 * (filters) x H x W, the filter W[k][i][j] as in the notes. The loops run n, x, y, i, j, k as
 * written there: the innermost k walks I's outermost dimension (stride (FW+K-1)*(FH+K-1)).
 * Question 1 (which order does it walk memory in?) and question 2 (can it walk it in NCHW
 * order?): see README "Tensor layouts: the course notes' two questions".
 */
// loopsmith-sizes: N=3,C=2,K=3,FW=5,FH=4 | N=2,C=5,K=2,FW=7,FH=6

#define N 32
#define C 32
#define K 3
#define FW 32
#define FH 32

float O[N][FW][FH];
float I[C][FW + K - 1][FH + K - 1];
float W[C][K][K];
float B[N];

static float relu(float v) { return v > 0.0f ? v : 0.0f; }

void conv_nchw(void)
{
    int n, x, y, i, j, k;

    for (n = 0; n < N; n++) {
        for (x = 0; x < FW; x++) {
            for (y = 0; y < FH; y++) {
                O[n][x][y] = B[n]; /* add bias */
                for (i = 0; i < K; i++) {
                    for (j = 0; j < K; j++) {
                        for (k = 0; k < C; k++) {
                            O[n][x][y] += I[k][x + i][y + j] * W[k][i][j];
                        }
                    }
                }
                O[n][x][y] = relu(O[n][x][y]); /* activation */
            }
        }
    }
}
