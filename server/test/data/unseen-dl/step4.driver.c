#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  float *a = malloc(sizeof(float) * n), *b = malloc(sizeof(float) * n), *g = malloc(sizeof(float) * n);
  FILL(a, n, 13); FILL(b, n, 7); FILL(g, n, 5);
  for (int i = 0; i < n; i++) a[i] = a[i] * 16.0f - 5.0f;
  relu6_step4(n, a, b, g);
  REPORT(); prf("b", b, n); prf("g", g, n); return 0;
}
