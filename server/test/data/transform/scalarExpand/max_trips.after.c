// loopsmith-test: --nest colnorm:11 --scalar-expand s --max-trips j=8
// loopsmith-driver: colnorm(6, 5, A); colnorm(6, 10, B); double A B
/* The column count m is a parameter: the array of s is made for at most 8 columns, and the
 * rewrite runs under a check of m <= 8 (the second call, m = 10, runs the code as written). */
#define R 6
#define C 10
double A[R][C], B[R][C];

void colnorm(int n, int m, double a[R][C])
{
    /* loopsmith: the rewrite below runs only when m <= 8 (checked here); otherwise the code as written */
    if (m <= 8) {
        double s[8];
        for (int j = 0; j < m; j++) {
            s[j] = 0.0;
            for (int i = 0; i < n; i++)
                s[j] += a[i][j] * a[i][j];
            for (int i = 0; i < n; i++)
                a[i][j] = a[i][j] / (s[j] + 1.0);
        }
    } else {
        for (int j = 0; j < m; j++) {
            double s = 0.0;
            for (int i = 0; i < n; i++)
                s += a[i][j] * a[i][j];
            for (int i = 0; i < n; i++)
                a[i][j] = a[i][j] / (s + 1.0);
        }
    }
}
