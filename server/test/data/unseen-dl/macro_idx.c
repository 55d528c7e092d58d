#include <stdio.h>
#include <stdlib.h>

#define IDX(n, c, h, w) ((((n) * C + (c)) * H + (h)) * W + (w))
#define WIDX(k, c) ((k) * C + (c))

/* NCHW 1x1 conv with bias on a flat buffer through function-like index macros */
void conv1x1_macro(int N, int C, int K, int H, int W, const float *restrict in,
                   const float *restrict wt, const float *restrict bias, float *restrict out)
{
  for (int n = 0; n < N; n++)
    for (int k = 0; k < K; k++)
      for (int h = 0; h < H; h++)
        for (int w = 0; w < W; w++) {
          float acc = bias[k];
          for (int c = 0; c < C; c++)
            acc += wt[WIDX(k, c)] * in[IDX(n, c, h, w)];
          out[(((n) * K + (k)) * H + (h)) * W + (w)] = acc;
        }
}
