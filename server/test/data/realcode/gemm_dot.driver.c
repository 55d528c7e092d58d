int main(void) {
  int M = S_M, N = S_N, K = S_K, ldc = S_ldc;
  float *A = falloc(M * K, 5), *B = falloc(N * K, 7), *C = falloc(M * ldc, 3);
  REG(A, M * K); REG(B, N * K); REG(C, M * ldc);
  gemm_abt(A, B, C, M, N, K, ldc);
  REPORT(); prf("C", C, M * ldc); return 0;
}
