int main(void) {
  int C = S_C, H = S_H, W = S_W, OH = H - 2, OW = W - 2;
  float *in = falloc(C * H * W, 13), *wt = falloc(C * 9, 7), *out = falloc(C * OH * OW, 5);
  REG(in, C * H * W); REG(wt, C * 9); REG(out, C * OH * OW);
  depthwise3x3(in, wt, out, C, H, W);
  REPORT(); prf("out", out, C * OH * OW); return 0;
}
