int main(void) {
  int rows = S_rows, cols = S_cols;
  float *out = falloc(rows, 5), *d = falloc(rows * cols, 13);
  REG(out, rows); REG(d, rows * cols);
  rowsums(out, d, rows, cols);
  REPORT(); prf("out", out, rows); return 0;
}
