int main(void) {
  int n = S_n, m = S_m;
  float *A = falloc(n * m, 13), *out = falloc(n, 5);
  REG(A, n * m); REG(out, n);
  rowsum(A, out, n, m);
  REPORT(); prf("out", out, n); return 0;
}
