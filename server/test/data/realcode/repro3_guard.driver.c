int main(void) {
  int n = S_n, lim = S_lim;
  float *dst = falloc(n, 5), *src = falloc(n, 13);
  REG(dst, n); REG(src, n);
  clip_copy(dst, src, n, lim);
  REPORT(); prf("dst", dst, n); return 0;
}
