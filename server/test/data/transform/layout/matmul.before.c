// loopsmith-test: --nest matmul:21 --layout
// loopsmith-driver: matmul(); float A B C
/*
 * Textbook matrix multiply C = A * B in i, j, k order, with C[i][j] zeroed
 * inside the j loop (an imperfect nest).
 * In the innermost loop k, A[i][k] is contiguous (stride 1) but B[k][j] walks
 * down a column: stride N = 48 floats per step. Interchanging to i, k, j
 * makes B[k][j] and C[i][j] unit-stride and turns A[i][k] into a loop invariant.
 */

#define M 13
#define N 11
#define P 7

float A[M][P];
float B[P][N];
float C[M][N];

void matmul(void)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            C[i][j] = 0.0f;
            for (int k = 0; k < P; k++) {
                C[i][j] += A[i][k] * B[k][j];
            }
        }
    }
}
