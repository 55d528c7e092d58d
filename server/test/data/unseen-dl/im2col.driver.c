#include "kernel.c"
#include "common.h"
int main(void) {
  int C = S_C, K = S_K, H = S_H, W = S_W, R = S_R, P = (H - R + 1) * (W - R + 1), Q = C * R * R;
  float *in = malloc(sizeof(float) * C * H * W), *col = malloc(sizeof(float) * Q * P), *wt = malloc(sizeof(float) * K * Q), *out = malloc(sizeof(float) * K * P);
  FILL(in, C * H * W, 13); FILL(col, Q * P, 3); FILL(wt, K * Q, 7); FILL(out, K * P, 5);
  im2col_gemm(C, K, H, W, R, (void *)in, (void *)col, (void *)wt, (void *)out);
  REPORT(); prf("col", col, Q * P); prf("out", out, K * P); return 0;
}
