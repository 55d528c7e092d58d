// loopsmith-test: --nest show:8 --tile i=2,j=2 -D n=4 -D m=3
// expect-refused: printf\(\) is not defined in this file
/* Tiling reorders the printf calls. */
#include <stdio.h>

void show(int n, int m, float A[n][m])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            printf("%g\n", A[i][j]);
}
