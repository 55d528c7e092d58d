// loopsmith-driver: run(); double A b x y
// expect-plan: --privatize w; --accumulate-in-place w --at 20; --accumulate-in-place w --at 14; --permute k,j --at 19
/* PolyBench's ludcmp: one C89 temporary w serves four loops, each setting it first. It is
 * declared in each, kept in the element it is stored to in the factorisation (A[i][j], beside
 * A[i][k] and A[k][j] for k < i, which the dependence test keeps apart from it), and the
 * second j loop runs k outside j: rows of A instead of its columns. */
#define N 500
double A[N][N], b[N], x[N], y[N];

void ludcmp(int n, double A[N][N], double b[N], double x[N], double y[N])
{
  int i, j, k;
  double w;
  for (i = 0; i < n; i++) {
    for (j = 0; j < i; j++) {
      w = A[i][j];
      for (k = 0; k < j; k++)
        w -= A[i][k] * A[k][j];
      A[i][j] = w / A[j][j];
    }
    for (j = i; j < n; j++) {
      w = A[i][j];
      for (k = 0; k < i; k++)
        w -= A[i][k] * A[k][j];
      A[i][j] = w;
    }
  }
  for (i = 0; i < n; i++) {
    w = b[i];
    for (j = 0; j < i; j++)
      w -= A[i][j] * y[j];
    y[i] = w;
  }
  for (i = n - 1; i >= 0; i--) {
    w = y[i];
    for (j = i + 1; j < n; j++)
      w -= A[i][j] * x[j];
    x[i] = w / A[i][i];
  }
}

void run(void)
{
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) A[i][j] = (double)((i * j + 1) % N) / N + (i == j ? N : 0);
    b[i] = (double)i / N;
  }
  ludcmp(N, A, b, x, y);
}
