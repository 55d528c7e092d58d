// loopsmith-test: --nest matmul:16 --parallel
// loopsmith-driver: matmul(); float A B C
/* After --unroll-jam i=4 each iteration of i (stepping by 4) owns rows i..i+3 of C: no two
 * iterations touch the same row, so i runs in parallel. */

#define M 8
#define N 6
#define P 5

float A[M][P];
float B[P][N];
float C[M][N];

void matmul(void)
{
    for (int i = 0; i < M; i += 4) {
        for (int k = 0; k < P; k++) {
            for (int j = 0; j < N; j++) {
                C[i][j] += A[i][k] * B[k][j];
                C[(i + 1)][j] += A[(i + 1)][k] * B[k][j];
                C[(i + 2)][j] += A[(i + 2)][k] * B[k][j];
                C[(i + 3)][j] += A[(i + 3)][k] * B[k][j];
            }
        }
    }
}
