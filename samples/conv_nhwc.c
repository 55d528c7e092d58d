/*
 * The course notes' conv with its data in NHWC (channel last): I is H x W x C, O is
 * H x W x (filters), the filter W[i][j][k]. The loops are the notes' n, x, y, i, j, k: here the
 * innermost k walks I and W contiguously, and the outermost n walks O with stride N.
 * Compare with conv_nchw.c: README "Tensor layouts: the course notes' two questions".
 */
// loopsmith-sizes: N=3,C=2,K=3,FW=5,FH=4 | N=2,C=5,K=2,FW=7,FH=6

#define N 32
#define C 32
#define K 3
#define FW 32
#define FH 32

float O[FW][FH][N];
float I[FW + K - 1][FH + K - 1][C];
float W[K][K][C];
float B[N];

static float relu(float v) { return v > 0.0f ? v : 0.0f; }

void conv_nhwc(void)
{
    int n, x, y, i, j, k;

    for (n = 0; n < N; n++) {
        for (x = 0; x < FW; x++) {
            for (y = 0; y < FH; y++) {
                O[x][y][n] = B[n]; /* add bias */
                for (i = 0; i < K; i++) {
                    for (j = 0; j < K; j++) {
                        for (k = 0; k < C; k++) {
                            O[x][y][n] += I[x + i][y + j][k] * W[i][j][k];
                        }
                    }
                }
                O[x][y][n] = relu(O[x][y][n]); /* activation */
            }
        }
    }
}
