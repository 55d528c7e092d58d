// loopsmith-test: --nest matmul:14 --split-accumulators 2
// loopsmith-driver: matmul(); float A B C
/* matmul in i, j, k order after --unroll-jam i=2: two accumulators C[i][j] and C[(i + 1)][j]
 * across k, each split into two partial sums (a 2x2 set of independent chains). */

#define M 4
#define N 3
#define P 6

float A[M][P], B[P][N], C[M][N];

void matmul(void)
{
    for (int i = 0; i < M; i += 2)
        for (int j = 0; j < N; j++) {
            float C_i_j0 = C[i][j], C_i_j1 = 0;
            float C_i_1_j0 = C[(i + 1)][j], C_i_1_j1 = 0;
            for (int k = 0; k < P; k += 2) {
                C_i_j0 += A[i][k] * B[k][j];
                C_i_1_j0 += A[(i + 1)][k] * B[k][j];
                C_i_j1 += A[i][(k + 1)] * B[(k + 1)][j];
                C_i_1_j1 += A[(i + 1)][(k + 1)] * B[(k + 1)][j];
            }
            C[i][j] = C_i_j0 + C_i_j1;
            C[(i + 1)][j] = C_i_1_j0 + C_i_1_j1;
        }
}
