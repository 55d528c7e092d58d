#include <stdio.h>
#include <stdlib.h>

/* diagonal recurrence over time steps (a shift-RNN): h[t] depends on h[t-1] shifted by one unit */
void shift_rnn(int T, int D, float h[T][D], float x[T][D])
{
  for (int t = 1; t < T; t++)
    for (int j = 0; j < D - 1; j++)
      h[t][j] = 0.5f * h[t - 1][j + 1] + x[t][j];
}
