int main(void) {
  int C = S_C, H = S_H, W = S_W, OH = H / 2, OW = W / 2;
  float *in = falloc(C * H * W, 13), *out = falloc(C * OH * OW, 5);
  REG(in, C * H * W); REG(out, C * OH * OW);
  maxpool2x2(in, out, C, H, W);
  REPORT(); prf("out", out, C * OH * OW); return 0;
}
