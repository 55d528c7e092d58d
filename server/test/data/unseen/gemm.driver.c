#include "kernel.c"
#include "common.h"
int main(void) {
  int ni = S_ni, nj = S_nj, nk = S_nk;
  double (*C)[nj] = malloc(sizeof(double) * ni * nj), (*A)[nk] = malloc(sizeof(double) * ni * nk), (*B)[nj] = malloc(sizeof(double) * nk * nj);
  FILL(&C[0][0], ni * nj, 13); FILL(&A[0][0], ni * nk, 11); FILL(&B[0][0], nk * nj, 17);
  kernel_gemm(ni, nj, nk, 1.5, 1.2, C, A, B);
  REPORT(); prd("C", &C[0][0], ni * nj); return 0;
}
