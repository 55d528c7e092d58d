int main(void) {
  int n = S_n;
  float *y = falloc(n, 5), *x = falloc(n, 13);
  REG(y, n); REG(x, n);
  saxpy_blocked(y, x, 0.75f, n);
  REPORT(); prf("y", y, n); return 0;
}
