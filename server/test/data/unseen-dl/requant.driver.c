#include "kernel.c"
#include "common.h"
int main(void) {
  int M = S_M, K = S_K;
  int8_t *x = malloc(K), *w = malloc(M * K), *y = malloc(M);
  int32_t *b = malloc(sizeof(int32_t) * M);
  for (int i = 0; i < K; i++) x[i] = (int8_t)((i * 37 + 11) % 256 - 128);
  for (int i = 0; i < M * K; i++) w[i] = (int8_t)((i * 53 + 7) % 256 - 128);
  for (int i = 0; i < M; i++) b[i] = i * 100 - 300;
  fc_s8(M, K, x, (void *)w, b, y, 3);
  REPORT(); for (int i = 0; i < M; i++) printf("y %d %d\n", i, y[i]); return 0;
}
