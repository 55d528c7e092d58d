int main(void) {
  int C = S_C, H = S_H, W = S_W, s = S_s, n = C * H * s * W * s;
  float *in = falloc(C * H * W, 13), *out = falloc(n, 5);
  REG(in, C * H * W); REG(out, n);
  upsample_nearest(in, out, C, H, W, s);
  REPORT(); prf("out", out, n); return 0;
}
