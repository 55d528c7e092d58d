#include "kernel.c"
#include "common.h"
int main(void) {
  int N = S_N, C = S_C, K = S_K, H = S_H, W = S_W;
  float *in = malloc(sizeof(float) * N * C * H * W), *wt = malloc(sizeof(float) * K * C), *b = malloc(sizeof(float) * K), *out = malloc(sizeof(float) * N * K * H * W);
  FILL(in, N * C * H * W, 13); FILL(wt, K * C, 7); FILL(b, K, 3); FILL(out, N * K * H * W, 5);
  conv1x1_macro(N, C, K, H, W, in, wt, b, out);
  REPORT(); prf("out", out, N * K * H * W); return 0;
}
