#include "kernel.c"
#include "common.h"
int main(void) {
  int B = S_batch, NI = S_nin, NO = S_nout, n = S_n, R = S_reps, L = S_layers, W = S_width;
  float *in = malloc(sizeof(float) * B * NI), *w = malloc(sizeof(float) * NO * NI), *bias = malloc(sizeof(float) * NO), *out = malloc(sizeof(float) * B * NO);
  float *x = malloc(sizeof(float) * n), *tmp = malloc(sizeof(float) * n), *act = malloc(sizeof(float) * L * W), *lb = malloc(sizeof(float) * L);
  FILL(in, B * NI, 13); FILL(w, NO * NI, 7); FILL(bias, NO, 3); FILL(x, n, 5); FILL(tmp, n, 2); FILL(act, L * W, 11); FILL(lb, L, 4);
  dense_batch(in, w, bias, out, B, NI, NO);
  smooth_reps(x, tmp, n, R);
  layer_bias(act, lb, L, W);
  REPORT(); prf("out", out, B * NO); prf("x", x, n); prf("act", act, L * W); return 0;
}
