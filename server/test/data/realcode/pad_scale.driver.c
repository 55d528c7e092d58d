int main(void) {
  int C = S_C, H = S_H, W = S_W, p = S_p;
  int PH = H + 2 * p, PW = W + 2 * p;
  float *in = falloc(C * H * W, 3), *out = falloc(C * PH * PW, 7);
  REG(in, C * H * W); REG(out, C * PH * PW);
  pad_scale(in, out, C, H, W, p, 0.5f);
  REPORT(); prf("out", out, C * PH * PW); return 0;
}
