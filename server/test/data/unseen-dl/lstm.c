#include <stdio.h>
#include <stdlib.h>
#include <math.h>

/* LSTM cell, element-wise part: gates[B][4*Hd] holds i, f, g, o pre-activations */
void lstm_cell(int B, int Hd, float gates[B][4 * Hd], float c[B][Hd], float h[B][Hd])
{
  for (int b = 0; b < B; b++)
    for (int j = 0; j < Hd; j++) {
      float ig = 1.0f / (1.0f + expf(-gates[b][j]));
      float fg = 1.0f / (1.0f + expf(-gates[b][Hd + j]));
      float gg = tanhf(gates[b][2 * Hd + j]);
      float og = 1.0f / (1.0f + expf(-gates[b][3 * Hd + j]));
      c[b][j] = fg * c[b][j] + ig * gg;
      h[b][j] = og * tanhf(c[b][j]);
    }
}
