#include "kernel.c"
#include "common.h"
int main(void) {
  int N = S_N, T = S_T;
  float *A = malloc(sizeof(float) * N * N), *B = malloc(sizeof(float) * N * N), *C = malloc(sizeof(float) * N * N);
  FILL(A, N * N, 13); FILL(B, N * N, 7); FILL(C, N * N, 5);
  tiled_mm(N, T, (void *)A, (void *)B, (void *)C);
  REPORT(); prf("C", C, N * N); return 0;
}
