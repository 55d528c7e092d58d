#include "kernel.c"
#include "common.h"
int main(void) {
  int R = S_R, D = S_D;
  float *x = malloc(sizeof(float) * R * D), *y = malloc(sizeof(float) * R * D), *mu = malloc(sizeof(float) * R), *var = malloc(sizeof(float) * R);
  FILL(x, R * D, 13); FILL(y, R * D, 7); FILL(mu, R, 5); FILL(var, R, 3);
  layernorm(R, D, (void *)x, (void *)y, mu, var);
  REPORT(); prf("y", y, R * D); prf("mu", mu, R); prf("var", var, R); return 0;
}
