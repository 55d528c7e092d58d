int main(void) {
  int n = S_n, m = S_m, rows = 4;
  int *idx = malloc(sizeof(int) * n);
  for (int i = 0; i < n; i++) idx[i] = (i / 2) % rows; /* repeated rows: distinct rows < n */
  float *src = falloc(n * m, 13), *dst = falloc(rows * m, 5);
  REG(src, n * m); REG(idx, n); REG(dst, rows * m);
  scatter_add(src, idx, dst, n, m);
  REPORT(); prf("dst", dst, rows * m); return 0;
}
