// loopsmith-test: --nest lower:11 --permute j,i
// expect-refused: triangular
/* j <= i: swapping the headers would need new bounds. */

#define N 16

double L[N][N];

void lower(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j <= i; j++)
            L[i][j] = 0.5 * L[i][j];
}
