#include "kernel.c"
#include "common.h"
int main(void) {
  int N = S_N, C = S_C, HW = S_HW;
  float *x = malloc(sizeof(float) * N * C * HW), *y = malloc(sizeof(float) * N * C * HW), *m = malloc(sizeof(float) * C), *v = malloc(sizeof(float) * C), *g = malloc(sizeof(float) * C), *b = malloc(sizeof(float) * C);
  FILL(x, N * C * HW, 13); FILL(y, N * C * HW, 3); FILL(m, C, 7); FILL(v, C, 5); FILL(g, C, 11); FILL(b, C, 4);
  for (int i = 0; i < N * C * HW; i++) x[i] -= 0.6f;
  batchnorm(N, C, HW, (void *)x, (void *)y, m, v, g, b, 1e-5f);
  REPORT(); prf("y", y, N * C * HW); return 0;
}
