#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#define DATA_TYPE double

void kernel_mvt(int n, DATA_TYPE x1[restrict n], DATA_TYPE x2[restrict n],
                const DATA_TYPE y_1[restrict n], const DATA_TYPE y_2[restrict n],
                const DATA_TYPE A[restrict n][n])
{
  int i, j;
#pragma scop
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x1[i] = x1[i] + A[i][j] * y_1[j];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x2[i] = x2[i] + A[j][i] * y_2[j];
#pragma endscop
}
