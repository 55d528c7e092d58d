// loopsmith-driver: run(); double A B C
// expect-plan: --privatize temp2; --scalar-expand temp2 --max-trips i=200,j=240;
/* PolyBench's symm with its C89 temporary: temp2 is declared in the j loop and expanded into
 * an array per (i, j), made for the sizes main passes (checked at run time), so that the nest
 * can be reordered. (At PolyBench's LARGE sizes the array per (i, j) would not fit the stack:
 * it is made per j alone, and the plan is a split of j and k, j reordered.) */
#define M 200
#define N 240
double A[M][M], B[M][N], C[M][N];

void symm(int m, int n, double alpha, double beta, double C[M][N], double A[M][M], double B[M][N])
{
  int i, j, k;
  double temp2;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
    {
      temp2 = 0;
      for (k = 0; k < i; k++) {
        C[k][j] += alpha * B[i][j] * A[i][k];
        temp2 += B[k][j] * A[i][k];
      }
      C[i][j] = beta * C[i][j] + alpha * B[i][j] * A[i][i] + alpha * temp2;
    }
}

void run(void)
{
  symm(M, N, 1.5, 1.2, C, A, B);
}
