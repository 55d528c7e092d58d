int main(void) {
  int n = S_n, m = S_m;
  float *y = falloc(n * m, 5), *x = falloc(n * m, 13), *b = falloc(m, 7);
  for (long i = 0; i < n * m; i++) x[i] -= 0.7f;
  REG(y, n * m); REG(x, n * m); REG(b, m);
  bias_relu(y, x, b, n, m);
  REPORT(); prf("y", y, n * m); return 0;
}
