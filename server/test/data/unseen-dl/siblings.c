#include <stdio.h>
#include <stdlib.h>

/* layer norm over rows: loop variables declared once and reused by sibling loops */
void layernorm(int R, int D, float x[R][D], float y[R][D], float mu[R], float var[R])
{
  int r, d;
  for (r = 0; r < R; r++) {
    mu[r] = 0.0f;
    for (d = 0; d < D; d++)
      mu[r] += x[r][d];
    mu[r] = mu[r] / D;
  }
  for (r = 0; r < R; r++) {
    var[r] = 0.0f;
    for (d = 0; d < D; d++)
      var[r] += (x[r][d] - mu[r]) * (x[r][d] - mu[r]);
    var[r] = var[r] / D;
  }
  for (r = 0; r < R; r++)
    for (d = 0; d < D; d++)
      y[r][d] = (x[r][d] - mu[r]) / (var[r] + 1.0f);
}
