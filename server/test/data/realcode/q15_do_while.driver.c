static short *salloc(long n, int m) { short *p = malloc(sizeof(short) * (size_t)(n > 0 ? n : 1)); for (long i = 0; i < n; i++) p[i] = (short)(((i * 7 + 3) % m) * 1000 - m * 400); return p; }
int main(void) {
  int rows = S_rows, cols = S_cols;
  short *in = salloc(rows * cols, 13), *out = salloc(rows * cols, 5), *mult = salloc(rows, 7);
  REG(in, rows * cols); REG(out, rows * cols); REG(mult, rows);
  scale_rows_q15(in, out, mult, rows, cols);
  REPORT(); for (int i = 0; i < rows * cols; i++) printf("out %d %d\n", i, (int)out[i]); return 0;
}
