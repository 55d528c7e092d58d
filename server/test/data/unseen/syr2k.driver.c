#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n, m = S_m;
  double (*C)[n] = malloc(sizeof(double) * n * n), (*A)[m] = malloc(sizeof(double) * n * m), (*B)[m] = malloc(sizeof(double) * n * m);
  FILL(&C[0][0], n * n, 13); FILL(&A[0][0], n * m, 7); FILL(&B[0][0], n * m, 5);
  kernel_syr2k(n, m, 1.5, 1.2, C, A, B);
  REPORT(); prd("C", &C[0][0], n * n); return 0;
}
