#include "kernel.c"
#include "common.h"
int main(void) {
  int C = S_C, H = S_H, W = S_W;
  float *in = malloc(sizeof(float) * C * H * W), *o = malloc(sizeof(float) * C * H * W);
  FILL(in, C * H * W, 13); FILL(o, C * H * W, 7);
  avgpool(C, H, W, S_incl, (void *)in, (void *)o);
  REPORT(); prf("o", o, C * H * W); return 0;
}
