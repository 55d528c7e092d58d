#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n, k = S_k, W = S_width;
  float *s = malloc(sizeof(float) * n), *p = malloc(sizeof(float) * n), *d = malloc(sizeof(float) * n * n), *x = malloc(sizeof(float) * 3 * W);
  float *y = malloc(sizeof(float) * n), *o = malloc(sizeof(float) * n), *r = malloc(sizeof(float) * n), *b = malloc(sizeof(float) * n);
  int *ops = malloc(sizeof(int) * n);
  FILL(s, n, 17); FILL(p, n, 5); FILL(d, n * n, 3); FILL(y, n, 7); FILL(o, n, 2); FILL(r, n, 9);
  for (int i = 0; i < 3 * W; i++) x[i] = (float)val(i, 7) - 0.7f;
  for (int i = 0; i < n; i++) { ops[i] = (i * 5) % 3; b[i] = 0.01f * (float)(i % 3); }
  int f = first_above(s, n, 1.1f);
  offdiag(p, d, n);
  act_layers(x, W);
  apply_ops(y, ops, n);
  pad_copy(o, p, k, n);
  reverse(r, n);
  int sw = relax(r, b, n, 0.001f);
  float *rs = malloc(sizeof(float) * n);
  tri_break(d, rs, n);
  tail_down(y, n, k);
  float *rs2 = malloc(sizeof(float) * n), *dg = malloc(sizeof(float) * n);
  tri_late(d, rs2, dg, n);
  REPORT(); printf("f 0 %d\nsw 0 %d\n", f, sw); prf("d", d, n * n); prf("x", x, 3 * W); prf("y", y, n); prf("o", o, n); prf("r", r, n); prf("rs", rs, n); prf("y2", y, n); prf("rs2", rs2, n); prf("dg", dg, n); return 0;
}
