#include "kernel.c"
#include "common.h"
int main(void) {
  int m = S_m, n = S_n;
  double (*A)[m] = malloc(sizeof(double) * n * m), *s = malloc(sizeof(double) * m), *q = malloc(sizeof(double) * n), *p = malloc(sizeof(double) * m), *r = malloc(sizeof(double) * n);
  FILL(&A[0][0], m * n, 13); FILL(s, m, 7); FILL(q, n, 3); FILL(p, m, 5); FILL(r, n, 11);
  kernel_bicg(m, n, A, s, q, p, r);
  REPORT(); prd("s", s, m); prd("q", q, n); return 0;
}
