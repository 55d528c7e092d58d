int main(void) {
  int C = S_C, H = S_H, W = S_W, R = S_R, OH = H - R + 1, OW = W - R + 1;
  long ncol = (long)C * R * R * OH * OW;
  float *cols = falloc(ncol, 13), *img = falloc(C * H * W, 5);
  REG(cols, ncol); REG(img, C * H * W);
  col2im_add(cols, img, C, H, W, R);
  REPORT(); prf("img", img, C * H * W); return 0;
}
