int main(void) {
  int n = S_n, m = S_m;
  float *src = falloc(n * m, 13), *dst = falloc(n * m, 5);
  REG(src, n * m); REG(dst, n * m);
  transpose(src, dst, n, m);
  REPORT(); prf("dst", dst, n * m); return 0;
}
