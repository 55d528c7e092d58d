int main(void) {
  int C = S_C, H = S_H, W = S_W, R = S_R, pad = S_pad, OH = H + 2 * pad - R + 1, OW = W + 2 * pad - R + 1;
  long ncol = (long)C * R * R * OH * OW;
  float *img = falloc(C * H * W, 13), *cols = falloc(ncol, 5);
  REG(img, C * H * W); REG(cols, ncol);
  im2col(img, cols, C, H, W, R, pad);
  REPORT(); prf("cols", cols, ncol); return 0;
}
