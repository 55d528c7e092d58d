int main(void) {
  int d = S_d, n = S_n;
  float *W = falloc(d * n, 13), *x = falloc(n, 7), *y = falloc(d, 5);
  REG(W, d * n); REG(x, n); REG(y, d);
  matvec(W, x, y, d, n);
  REPORT(); prf("y", y, d); return 0;
}
