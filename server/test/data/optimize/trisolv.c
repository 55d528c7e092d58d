// loopsmith-driver: trisolv(); double L x b
/* Forward substitution L x = b with a lower-triangular L: the inner bound follows the outer counter. */
#define N 80

double L[N][N], x[N], b[N];

void trisolv(void)
{
    for (int i = 0; i < N; i++) {
        x[i] = b[i];
        for (int j = 0; j < i; j++)
            x[i] -= L[i][j] * x[j];
        x[i] = x[i] / (L[i][i] + 100.0);
    }
}
