#include <stdio.h>
#include <stdlib.h>

/* 1x1 convolution as a GEMM on flat pointers: out[k][p] = sum_c w[k][c] * in[c][p] */
void pointwise(int K, int C, int HW, const float *restrict in, const float *restrict w, float *restrict out)
{
  for (int k = 0; k < K; k++) {
    for (int p = 0; p < HW; p++)
      out[k * HW + p] = 0.0f;
    for (int c = 0; c < C; c++)
      for (int p = 0; p < HW; p++)
        out[k * HW + p] += w[k * C + c] * in[c * HW + p];
  }
}
