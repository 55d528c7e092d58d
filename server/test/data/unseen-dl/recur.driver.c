#include "kernel.c"
#include "common.h"
int main(void) {
  int T = S_T, D = S_D;
  float *h = malloc(sizeof(float) * T * D), *x = malloc(sizeof(float) * T * D);
  FILL(h, T * D, 13); FILL(x, T * D, 7);
  shift_rnn(T, D, (void *)h, (void *)x);
  REPORT(); prf("h", h, T * D); return 0;
}
