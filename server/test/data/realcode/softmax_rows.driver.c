int main(void) {
  int rows = S_rows, n = S_n;
  float *x = falloc(rows * n, 13);
  REG(x, rows * n);
  softmax_rows(x, rows, n);
  REPORT(); prf("x", x, rows * n); return 0;
}
