// loopsmith-test: --nest syrk:14 --layout
// loopsmith-driver: syrk(); double A C
/* SYRK's j <= i bound: i stays outside j in the chosen order, so the headers move unchanged
 * (an order putting j outside i gets bounds derived from the triangle: see permute/triangular). */

#define N 12
#define M 10

double A[N][M];
double C[N][N];

void syrk(void)
{
    for (int k = 0; k < M; k++)
        for (int i = 0; i < N; i++)
            for (int j = 0; j <= i; j++)
                C[i][j] += A[i][k] * A[j][k];
}
