#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n, tsteps = S_tsteps;
  double (*A)[n] = malloc(sizeof(double) * n * n), (*B)[n] = malloc(sizeof(double) * n * n);
  double *o = malloc(sizeof(double) * n), *in = malloc(sizeof(double) * n);
  FILL(&A[0][0], n * n, 13); FILL(&B[0][0], n * n, 7); FILL(o, n, 3); FILL(in, n, 5);
  kernel_jacobi_2d(tsteps, n, A, B);
  kernel_jacobi_1d(n, o, in);
  REPORT(); prd("A", &A[0][0], n * n); prd("B", &B[0][0], n * n); prd("o", o, n); return 0;
}
