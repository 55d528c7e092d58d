#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

/* int8 fully connected layer with requantisation by a multiplier and a right shift */
void fc_s8(int M, int K, const int8_t x[K], const int8_t w[M][K], const int32_t bias[M],
           int8_t y[M], int32_t mult)
{
  for (int m = 0; m < M; m++) {
    int32_t acc = bias[m];
    for (int k = 0; k < K; k++)
      acc += (int32_t)x[k] * (int32_t)w[m][k];
    int32_t v = (acc * mult) >> 7;
    y[m] = (int8_t)(v > 127 ? 127 : (v < -128 ? -128 : v));
  }
}
