// loopsmith-test: --nest symm:13 --privatize temp2
// loopsmith-driver: symm(1.5, 1.2); double A B C
/* PolyBench's symm: temp2 shares a declaration with the counters, and the j loop's body sets it
 * first: it is taken out of that declaration and declared where it is set. */
#define M 6
#define N 5
double A[M][M], B[M][N], C[M][N];

void symm(double alpha, double beta)
{
  int i, j, k;
  double temp2, scale = alpha;
  for (i = 0; i < M; i++)
    for (j = 0; j < N; j++ )
    {
      temp2 = 0;
      for (k = 0; k < i; k++) {
        C[k][j] += alpha*B[i][j] * A[i][k];
        temp2 += B[k][j] * A[i][k];
      }
      C[i][j] = beta * C[i][j] + alpha*B[i][j] * A[i][i] + scale * temp2;
    }
}
