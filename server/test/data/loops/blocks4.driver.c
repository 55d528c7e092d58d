#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  float *a = malloc(sizeof(float) * n), *b = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n), *d = malloc(sizeof(float) * n);
  float out[1];
  FILL(a, n, 11); FILL(b, n, 7); FILL(y, n, 5);
  for (int i = 0; i < n; i++) d[i] = (float)val(i, 9) - 0.6f;
  dot_blocks(a, b, out, n);
  scale_blocks(y, a, 0.5f, 0.25f, n);
  axpy_tail(b, a, 1.5f, n);
  relu_back(d, n);
  REPORT(); prf("out", out, 1); prf("y", y, n); prf("b", b, n); prf("d", d, n); return 0;
}
