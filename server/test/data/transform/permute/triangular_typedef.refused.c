// loopsmith-test: --nest lower:12 --permute j,i
// expect-refused: an unsigned type or one not known to be signed \(a typedef\)
/* A counter of a typedef'd type may be unsigned (here it is): a derived bound such as
 * j <= i - 1 could wrap around at i = 0, so the band is not re-bounded. */
typedef unsigned int idx_t;
#define N 16

double L[N][N];

void lower(void)
{
    for (idx_t i = 0; i < N; i++)
        for (idx_t j = 0; j < i; j++)
            L[i][j] = 0.5 * L[i][j];
}
