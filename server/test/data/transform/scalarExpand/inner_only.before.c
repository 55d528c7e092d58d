// loopsmith-test: --nest symm:12 --scalar-expand temp2
// loopsmith-driver: symm(6, 1.5, 1.2); double A B C
/* symm's temp2, private to each (i, j): the i loop's count is a parameter (no fixed size), so
 * the array gets an element per iteration of j only, reused by each iteration of i. */
#define M 6
#define N 5
double A[M][M], B[M][N], C[M][N];

void symm(int m, double alpha, double beta)
{
  int i, j, k;
  for (i = 0; i < m; i++)
    for (j = 0; j < N; j++) {
      double temp2 = 0;
      for (k = 0; k < i; k++) {
        C[k][j] += alpha * B[i][j] * A[i][k];
        temp2 += B[k][j] * A[i][k];
      }
      C[i][j] = beta * C[i][j] + alpha * B[i][j] * A[i][i] + alpha * temp2;
    }
}
