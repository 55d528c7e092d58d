#include <stdio.h>
#include <stdlib.h>
#include "kernel.c"
#include "common.h"
int main(void) {
  float *in = malloc(sizeof(float) * S_n * S_m), *out = malloc(sizeof(float) * S_n * S_m);
  FILL(in, S_n * S_m, 9);
  transpose(out, in, S_n, S_m);
  REPORT(); prf("out", out, S_n * S_m); return 0;
}
