#include "kernel.c"
#include "common.h"
int main(void) {
  int m = S_m, n = S_n;
  double (*A)[m] = malloc(sizeof(double) * m * m), (*B)[n] = malloc(sizeof(double) * m * n);
  FILL(&A[0][0], m * m, 13); FILL(&B[0][0], m * n, 7);
  kernel_trmm(m, n, 1.5, A, B);
  REPORT(); prd("B", &B[0][0], m * n); return 0;
}
