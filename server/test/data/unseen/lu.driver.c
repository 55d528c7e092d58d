#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  double (*A)[n] = malloc(sizeof(double) * n * n);
  FILL(&A[0][0], n * n, 13);
  for (int i = 0; i < n; i++) A[i][i] += n;  /* diagonally dominant */
  kernel_lu(n, A);
  REPORT(); prd("A", &A[0][0], n * n); return 0;
}
