// loopsmith-test: --nest matmul:17 --tile k=2,j=4
// loopsmith-driver: matmul(); float A B C
/* After --unroll-jam i=4 the i loop steps by 4 and its four copies touch rows i..i+3: the
 * dependence test counts i in steps (i = 4*t), so C[i][j] and C[(i + 1)][j] never meet and the
 * k, j band inside is fully permutable. */

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
