// loopsmith-test: --nest lower:11 --tile i=4,j=4
// expect-refused: triangular
/* j <= i: tiles would need bounds that follow the diagonal. */

#define N 16

double L[N][N];

void lower(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j <= i; j++)
            L[i][j] = 0.5 * L[i][j];
}
