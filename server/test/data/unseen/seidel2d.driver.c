#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n, tsteps = S_tsteps;
  double (*A)[n] = malloc(sizeof(double) * n * n);
  FILL(&A[0][0], n * n, 13);
  kernel_seidel_2d(tsteps, n, A);
  REPORT(); prd("A", &A[0][0], n * n); return 0;
}
