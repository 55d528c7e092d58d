// loopsmith-test: --nest conv:29 --layout
// loopsmith-driver: conv(); float O I W B
/*
 * Naive 2-D convolution, exactly as in the embedded deep-learning course notes.
 * Loop order is n, x, y, i, j, k: the innermost loop k walks I's outermost
 * dimension, so I[k][x + i][y + j] jumps (FW+K-1)*(FH+K-1) = 884 floats per step
 * and W[k][i][j] jumps K*K = 9 floats. Reordering the inner loops to k, i, j
 * makes j innermost and both reads contiguous (stride 1).
 * The bias store and the ReLU sit between loops, so the nest is imperfect.
 */

#define N 16
#define C 4
#define K 3
#define FW 32
#define FH 24

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
        for (x = 0; x < FW; x++) {
            for (k = 0; k < C; k++) {
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
