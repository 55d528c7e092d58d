// loopsmith-driver: syrk(); double A C
/* C = A A^T on the lower triangle (j <= i), the reduction over k innermost. */
#define N 48
#define M 40

double A[N][M], C[N][N];

void syrk(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j <= i; j++)
            for (int k = 0; k < M; k++)
                C[i][j] += A[i][k] * A[j][k];
}
