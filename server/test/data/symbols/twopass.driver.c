#include <stdio.h>
#include <stdlib.h>
#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_batch * S_spatial * S_filters;
  float *x = malloc(sizeof(float) * n);
  FILL(x, n, 13);
  twopass(x, S_batch, S_spatial, S_filters);
  REPORT(); prf("x", x, n); return 0;
}
