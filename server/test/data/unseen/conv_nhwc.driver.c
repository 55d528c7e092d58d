#include "kernel.c"
#include "common.h"
int main(void) {
  int H = S_H, W = S_W, C = S_C, K = S_K, R = S_R, S = S_S;
  int OH = H - R + 1, OW = W - S + 1;
  int8_t *in = malloc(H * W * C), *wt = malloc(K * R * S * C), *out = malloc(OH * OW * K);
  int32_t *bias = malloc(sizeof(int32_t) * K);
  for (int i = 0; i < H * W * C; i++) in[i] = (int8_t)((i * 37 + 11) % 256 - 128);
  for (int i = 0; i < K * R * S * C; i++) wt[i] = (int8_t)((i * 53 + 7) % 256 - 128);
  for (int i = 0; i < K; i++) bias[i] = i * 100 - 300;
  conv2d_nhwc_s8(H, W, C, K, R, S, in, wt, bias, out, 1234567, 24);
  REPORT(); for (int i = 0; i < OH * OW * K; i++) printf("out %d %d\n", i, out[i]); return 0;
}
