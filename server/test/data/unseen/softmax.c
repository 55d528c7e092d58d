#include <stdio.h>
#include <stdlib.h>
#include <math.h>

/* row-wise softmax over a rows x cols matrix */
void softmax_rows(int rows, int cols, float x[rows][cols], float y[rows][cols])
{
  for (int r = 0; r < rows; r++) {
    float m = x[r][0];
    for (int c = 1; c < cols; c++)
      m = fmaxf(m, x[r][c]);
    float sum = 0.0f;
    for (int c = 0; c < cols; c++) {
      y[r][c] = expf(x[r][c] - m);
      sum += y[r][c];
    }
    for (int c = 0; c < cols; c++)
      y[r][c] = y[r][c] / sum;
  }
}
