int main(void) {
  int batch = S_batch, spatial = S_spatial, filters = S_filters, n = batch * spatial * filters;
  float *x = falloc(n, 13);
  REG(x, n);
  twopass(x, batch, spatial, filters);
  REPORT(); prf("x", x, n); return 0;
}
