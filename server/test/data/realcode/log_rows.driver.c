int main(void) {
  int rows = S_rows, cols = S_cols;
  float *m = falloc(rows * cols, 11);
  REG(m, rows * cols);
  log_rows(m, rows, cols);
  REPORT(); return 0;
}
