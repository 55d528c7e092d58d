int main(void) {
  int rows = S_rows, ch = S_ch;
  float *lhs = falloc(rows * ch, 13), *out = falloc(ch, 5);
  REG(lhs, rows * ch); REG(out, ch);
  colsum(lhs, out, rows, ch);
  REPORT(); prf("out", out, ch); return 0;
}
