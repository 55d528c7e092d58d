// loopsmith-test: --nest lower:10 --permute j,i
// expect-refused: steps by 2
/* A counter stepped by 2 under a triangular bound: bounds derived for unit steps only. */
#define N 16

double L[N][N];

void lower(void)
{
    for (int i = 0; i < N; i += 2)
        for (int j = 0; j <= i; j++)
            L[i][j] = 0.5 * L[i][j];
}
