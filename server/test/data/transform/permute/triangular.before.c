// loopsmith-test: --nest lower:12 --permute j,i
// loopsmith-driver: lower(); double L
/* j <= i: the lower triangle walked by columns. Swapped, each loop gets its bounds from the
 * triangle (analysis/bounds.ts): j over every row index, i from the diagonal down. */

#define N 16

double L[N][N];

void lower(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j <= i; j++)
            L[i][j] = 0.5 * L[i][j];
}
