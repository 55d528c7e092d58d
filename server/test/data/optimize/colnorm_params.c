// loopsmith-driver: run(); double A
// expect-plan: --privatize nrm; --scalar-expand nrm --max-trips j=600; --layout; --layout
/* Column 2-norms (Gram-Schmidt style) with the sizes as parameters and the norm a C89
 * temporary: nrm is declared in the column loop, expanded into an array made for the 600
 * columns main passes (the rewrite runs under a check of m <= 600), and the nest splits so
 * that both the sums and the scaling walk rows. */
#include <math.h>
#define N 1000
#define M 600
double A[N][M];

void normalize_columns(int n, int m, double a[N][M])
{
    int i, j;
    double nrm;
    for (j = 0; j < m; j++) {
        nrm = 0.0;
        for (i = 0; i < n; i++)
            nrm += a[i][j] * a[i][j];
        nrm = sqrt(nrm) + 1.0;
        for (i = 0; i < n; i++)
            a[i][j] = a[i][j] / nrm;
    }
}

void run(void)
{
    normalize_columns(N, M, A);
}
