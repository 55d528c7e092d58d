// loopsmith-test: --nest matmul:11 --scalar-replace C
// loopsmith-driver: matmul(); float A B C
/* After unroll-and-jam of i by 2 and j by 3: the 2x3 register tile lives in six locals. */

#define N 6
#define K 5
float A[N][K], B[K][N], C[N][N];

void matmul(void)
{
    for (int i = 0; i < N; i += 2) {
        for (int j = 0; j < N; j += 3)
            for (int k = 0; k < K; k++) {
                C[i][j] += A[i][k] * B[k][j];
                C[(i + 1)][j] += A[(i + 1)][k] * B[k][j];
                C[i][(j + 1)] += A[i][k] * B[k][(j + 1)];
                C[(i + 1)][(j + 1)] += A[(i + 1)][k] * B[k][(j + 1)];
                C[i][(j + 2)] += A[i][k] * B[k][(j + 2)];
                C[(i + 1)][(j + 2)] += A[(i + 1)][k] * B[k][(j + 2)];
            }
    }
}
