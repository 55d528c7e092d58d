// loopsmith-test: --nest lower:12 --permute j,i
// expect-refused: unsigned type
/* size_t counters: a derived bound such as j <= i - 1 would wrap around at i = 0, so the
 * triangular band is not re-bounded. */
#include <stddef.h>
#define N 16

double L[N][N];

void lower(void)
{
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < i; j++)
            L[i][j] = 0.5 * L[i][j];
}
