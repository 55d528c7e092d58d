#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  double (*A)[n] = malloc(sizeof(double) * n * n), *x1 = malloc(sizeof(double) * n), *x2 = malloc(sizeof(double) * n), *y1 = malloc(sizeof(double) * n), *y2 = malloc(sizeof(double) * n);
  FILL(&A[0][0], n * n, 13); FILL(x1, n, 7); FILL(x2, n, 3); FILL(y1, n, 5); FILL(y2, n, 11);
  kernel_mvt(n, x1, x2, y1, y2, (const double (*)[n])A);
  REPORT(); prd("x1", x1, n); prd("x2", x2, n); return 0;
}
