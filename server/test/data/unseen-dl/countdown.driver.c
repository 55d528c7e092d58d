#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  float *U = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n), *x = malloc(sizeof(float) * n), *r = malloc(sizeof(float) * n);
  FILL(U, n * n, 13); FILL(b, n, 7); FILL(x, n, 5); FILL(r, n, 3);
  for (int i = 0; i < n; i++) U[i * n + i] += 2.0f;
  backsub(n, (void *)U, b, x, r);
  REPORT(); prf("x", x, n); prf("r", r, n); return 0;
}
