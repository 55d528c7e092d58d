int main(void) {
  int n = S_n, a = S_a, b = S_b;
  float *x = falloc(n, 7), *y = falloc(n, 3);
  REG(x, n); REG(y, n);
  piecewise(x, y, n, a, b);
  REPORT(); prf("y", y, n); return 0;
}
