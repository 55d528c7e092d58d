int main(void) {
  int M = S_M, N = S_N, K = S_K, lda = S_lda, ldb = S_ldb, ldc = S_ldc;
  float *A = falloc(M * lda, 13), *B = falloc(K * ldb, 7), *C = falloc(M * ldc, 5);
  REG(A, M * lda); REG(B, K * ldb); REG(C, M * ldc);
  sgemm_nn(M, N, K, 0.5f, A, lda, B, ldb, C, ldc);
  REPORT(); prf("C", C, M * ldc); return 0;
}
