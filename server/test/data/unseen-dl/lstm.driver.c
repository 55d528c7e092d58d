#include "kernel.c"
#include "common.h"
int main(void) {
  int B = S_B, Hd = S_Hd;
  float *g = malloc(sizeof(float) * B * 4 * Hd), *c = malloc(sizeof(float) * B * Hd), *h = malloc(sizeof(float) * B * Hd);
  FILL(g, B * 4 * Hd, 13); FILL(c, B * Hd, 7); FILL(h, B * Hd, 5);
  for (int i = 0; i < B * 4 * Hd; i++) g[i] = 4.0f * g[i] - 2.5f;
  lstm_cell(B, Hd, (void *)g, (void *)c, (void *)h);
  REPORT(); prf("c", c, B * Hd); prf("h", h, B * Hd); return 0;
}
