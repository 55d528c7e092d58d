#include <stdio.h>
#include <stdlib.h>

/* hand-tiled matmul, remainders through ?: bounds */
void tiled_mm(int N, int T, float A[N][N], float B[N][N], float Cm[N][N])
{
  for (int ii = 0; ii < N; ii += T)
    for (int kk = 0; kk < N; kk += T)
      for (int i = ii; i < (ii + T < N ? ii + T : N); i++)
        for (int k = kk; k < (kk + T < N ? kk + T : N); k++)
          for (int j = 0; j < N; j++)
            Cm[i][j] += A[i][k] * B[k][j];
}
