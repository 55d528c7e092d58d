// loopsmith-test: --nest syrk:13 --layout
// expect-refused: triangular
/* SYRK's j <= i bound: reordering needs new bounds. */

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
