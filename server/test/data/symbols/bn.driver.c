#include <stdio.h>
#include "kernel.c"
#include "common.h"
int main(void) {
  dims_t d = { 1, 1, 1, S_c };
  float in[S_c], out[S_c];
  FILL(in, S_c, 7);
  bn(in, out, &d);
  REPORT(); prf("out", out, S_c); return 0;
}
