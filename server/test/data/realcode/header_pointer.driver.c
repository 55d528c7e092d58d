int main(void) {
  int rows = S_rows, cols = S_cols;
  float *in = falloc(rows * cols, 13), *acc = falloc(cols, 5);
  REG(in, rows * cols); REG(acc, cols);
  col_accumulate(in, acc, rows, cols);
  REPORT(); prf("acc", acc, cols); return 0;
}
