#include "kernel.c"
#include "common.h"
int main(void) {
  int C = S_C, K = S_K, H = S_H, W = S_W, R = S_R, P = S_P, OH = S_OH, OW = S_OW;
  float *in = malloc(sizeof(float) * C * H * W), *wt = malloc(sizeof(float) * K * C * R * R), *out = malloc(sizeof(float) * K * OH * OW);
  FILL(in, C * H * W, 13); FILL(wt, K * C * R * R, 7); FILL(out, K * OH * OW, 5);
  conv2d_pad(C, K, H, W, R, P, OH, OW, (void *)in, (void *)wt, (void *)out);
  REPORT(); prf("out", out, K * OH * OW); return 0;
}
