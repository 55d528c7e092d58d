// loopsmith-test: --nest show:8 --permute j,i -D n=4 -D m=3
// expect-refused: printf\(\) is not defined in this file: it may read and write memory and have side effects
/* Two printf calls may not swap: the output order would change. */
#include <stdio.h>

void show(int n, int m, float A[n][m])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            printf("%g\n", A[i][j]);
}
