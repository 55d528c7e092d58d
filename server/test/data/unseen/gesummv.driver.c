#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  float (*A)[n] = malloc(sizeof(float) * n * n), (*B)[n] = malloc(sizeof(float) * n * n), *tmp = malloc(sizeof(float) * n), *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n);
  FILL(&A[0][0], n * n, 13); FILL(&B[0][0], n * n, 7); FILL(tmp, n, 3); FILL(x, n, 5); FILL(y, n, 11);
  kernel_gesummv(n, 1.5f, 1.2f, A, B, tmp, x, y);
  REPORT(); prf("tmp", tmp, n); prf("y", y, n); return 0;
}
