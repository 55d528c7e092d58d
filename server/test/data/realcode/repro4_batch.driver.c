int main(void) {
  int n = S_n, m = S_m, batch = S_batch;
  float *dst = falloc(batch * n * m, 5), *src = falloc(batch * n * m, 13);
  REG(dst, batch * n * m); REG(src, batch * n * m);
  k(dst, src, n, m, batch);
  REPORT(); prf("dst", dst, batch * n * m); return 0;
}
