#include "kernel.c"
#include "common.h"
int main(void) {
  int N = S_N, C = S_C, H = S_H, W = S_W, R = S_R, OH = H - R + 1, OW = W - R + 1;
  float *in = malloc(sizeof(float) * N * C * H * W), *wt = malloc(sizeof(float) * C * R * R), *b = malloc(sizeof(float) * C), *out = malloc(sizeof(float) * N * C * OH * OW);
  FILL(in, N * C * H * W, 13); FILL(wt, C * R * R, 7); FILL(b, C, 3); FILL(out, N * C * OH * OW, 5);
  depthwise(N, C, H, W, R, (void *)in, (void *)wt, b, (void *)out);
  REPORT(); prf("out", out, N * C * OH * OW); return 0;
}
