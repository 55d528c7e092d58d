// loopsmith-test: --nest matmul:11 --simd
// loopsmith-driver: matmul(); float A B C
/* After unroll-and-jam of i and j by 2: four accumulators in locals, all in the reduction clause. */

#define N 6
#define K 19
float A[N][K], B[K][N], C[N][N];

void matmul(void)
{
    for (int i = 0; i < N; i += 2) {
        for (int j = 0; j < N; j += 2) {
            float C_i_j = C[i][j];
            float C_i_1_j = C[(i + 1)][j];
            float C_i_j_1 = C[i][(j + 1)];
            float C_i_1_j_1 = C[(i + 1)][(j + 1)];
            #pragma omp simd reduction(+:C_i_j, C_i_1_j, C_i_j_1, C_i_1_j_1)
            for (int k = 0; k < K; k++) {
                C_i_j += A[i][k] * B[k][j];
                C_i_1_j += A[(i + 1)][k] * B[k][j];
                C_i_j_1 += A[i][k] * B[k][(j + 1)];
                C_i_1_j_1 += A[(i + 1)][k] * B[k][(j + 1)];
            }
            C[i][j] = C_i_j;
            C[(i + 1)][j] = C_i_1_j;
            C[i][(j + 1)] = C_i_j_1;
            C[(i + 1)][(j + 1)] = C_i_1_j_1;
        }
    }
}
