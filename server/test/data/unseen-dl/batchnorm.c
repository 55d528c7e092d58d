#include <stdio.h>
#include <stdlib.h>
#include <math.h>

/* inference batchnorm over NCHW, folded into the loop, then ReLU */
void batchnorm(int N, int C, int HW, float x[N][C][HW], float y[N][C][HW],
               float mean[C], float var[C], float gamma[C], float beta[C], float eps)
{
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++) {
      float s = gamma[c] / sqrtf(var[c] + eps);
      for (int p = 0; p < HW; p++) {
        y[n][c][p] = (x[n][c][p] - mean[c]) * s + beta[c];
        y[n][c][p] = fmaxf(y[n][c][p], 0.0f);
      }
    }
}
