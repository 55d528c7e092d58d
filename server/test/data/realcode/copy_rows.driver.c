int main(void) {
  int rows = S_rows, w = S_w, stride = S_stride;
  float *in = falloc(rows * stride, 7), *out = falloc(rows * w, 3);
  REG(in, rows * stride); REG(out, rows * w);
  pack_rows(in, out, rows, w, stride);
  REPORT(); prf("out", out, rows * w); return 0;
}
