#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n, tsteps = S_tsteps;
  float (*A)[n][n] = malloc(sizeof(float) * n * n * n), (*B)[n][n] = malloc(sizeof(float) * n * n * n);
  FILL(&A[0][0][0], n * n * n, 13); FILL(&B[0][0][0], n * n * n, 7);
  kernel_heat_3d(tsteps, n, A, B);
  REPORT(); prf("A", &A[0][0][0], n * n * n); prf("B", &B[0][0][0], n * n * n); return 0;
}
