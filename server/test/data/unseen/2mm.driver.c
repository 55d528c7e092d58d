#include "kernel.c"
#include "common.h"
int main(void) {
  int ni = S_ni, nj = S_nj, nk = S_nk, nl = S_nl;
  float (*tmp)[nj] = malloc(sizeof(float) * ni * nj), (*A)[nk] = malloc(sizeof(float) * ni * nk), (*B)[nj] = malloc(sizeof(float) * nk * nj);
  float (*C)[nl] = malloc(sizeof(float) * nj * nl), (*D)[nl] = malloc(sizeof(float) * ni * nl);
  FILL(&tmp[0][0], ni * nj, 5); FILL(&A[0][0], ni * nk, 11); FILL(&B[0][0], nk * nj, 17); FILL(&C[0][0], nj * nl, 13); FILL(&D[0][0], ni * nl, 7);
  kernel_2mm(ni, nj, nk, nl, 1.5f, 1.2f, tmp, A, B, C, D);
  REPORT(); prf("tmp", &tmp[0][0], ni * nj); prf("D", &D[0][0], ni * nl); return 0;
}
