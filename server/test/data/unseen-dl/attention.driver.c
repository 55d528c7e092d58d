#include "kernel.c"
#include "common.h"
int main(void) {
  int T = S_T, D = S_D;
  float *q = malloc(sizeof(float) * T * D), *k = malloc(sizeof(float) * T * D), *s = malloc(sizeof(float) * T * T);
  FILL(q, T * D, 13); FILL(k, T * D, 7); FILL(s, T * T, 5);
  attn_scores(T, D, (void *)q, (void *)k, (void *)s, 0.125f);
  REPORT(); prf("s", s, T * T); return 0;
}
