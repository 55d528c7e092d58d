#include "kernel.c"
#include "common.h"
int main(void) {
  int m = S_m, n = S_n;
  double (*A)[n] = malloc(sizeof(double) * m * n), *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n), *tmp = malloc(sizeof(double) * m);
  FILL(&A[0][0], m * n, 13); FILL(x, n, 7); FILL(y, n, 3); FILL(tmp, m, 5);
  kernel_atax(m, n, A, x, y, tmp);
  REPORT(); prd("y", y, n); prd("tmp", tmp, m); return 0;
}
