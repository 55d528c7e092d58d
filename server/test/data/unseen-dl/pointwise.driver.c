#include "kernel.c"
#include "common.h"
int main(void) {
  int K = S_K, C = S_C, HW = S_HW;
  float *in = malloc(sizeof(float) * C * HW), *w = malloc(sizeof(float) * K * C), *out = malloc(sizeof(float) * K * HW);
  FILL(in, C * HW, 13); FILL(w, K * C, 7); FILL(out, K * HW, 5);
  pointwise(K, C, HW, in, w, out);
  REPORT(); prf("out", out, K * HW); return 0;
}
