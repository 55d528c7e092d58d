#include <stdio.h>
#include <stdlib.h>

/* causal attention scores S = scale * Q K^T, lower triangle only */
void attn_scores(int T, int D, float q[T][D], float k[T][D], float s[T][T], float scale)
{
  int i, j, d;
  for (i = 0; i < T; i++)
    for (j = 0; j <= i; j++) {
      float acc = 0.0f;
      for (d = 0; d < D; d++)
        acc += q[i][d] * k[j][d];
      s[i][j] = acc * scale;
    }
}
