int main(void) {
  int rows = S_rows, size = S_size;
  float *out = falloc(rows * size, 5), *x = falloc(rows * size, 13), *weight = falloc(size, 7);
  REG(out, rows * size); REG(x, rows * size); REG(weight, size);
  rmsnorm_rows(out, x, weight, rows, size);
  REPORT(); prf("out", out, rows * size); return 0;
}
