// loopsmith-driver: run(); double y
// expect-plan: layout
/* A lower-triangular matrix-vector product walked by columns (j outside, i from the diagonal
 * down): the reorder puts i outside with new bounds from the triangle, j from 0 to i
 * (analysis/bounds.ts), and L is then read by rows. */
#define N 200
double L[N][N], x[N], y[N];

static void trimv(int n, double L[restrict N][N], const double *restrict x, double *restrict y)
{
    for (int j = 0; j < n; j++)
        y[j] = 0.0;
    for (int j = 0; j < n; j++)
        for (int i = j; i < n; i++)
            y[i] += L[i][j] * x[j];
}

void run(void)
{
    for (int i = 0; i < N; i++) {
        x[i] = (double)(i % 9) / 4.0;
        for (int j = 0; j < N; j++) L[i][j] = (double)((i + 2 * j) % 11) / 8.0;
    }
    trimv(N, L, x, y);
}
