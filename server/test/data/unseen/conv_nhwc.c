#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

/* int8 NHWC convolution, stride 1, no padding, int32 accumulation, requantised to int8 */
void conv2d_nhwc_s8(int H, int W, int C, int K, int R, int S,
                    const int8_t *restrict in, const int8_t *restrict wt,
                    const int32_t *bias, int8_t *out, int32_t mult, int shift)
{
  const int OH = H - R + 1, OW = W - S + 1;
  for (int oh = 0; oh < H - R + 1; oh++)
    for (int ow = 0; ow < W - S + 1; ow++)
      for (int k = 0; k < K; k++) {
        int32_t acc = bias[k];
        for (int r = 0; r < R; r++)
          for (int s = 0; s < S; s++)
            for (int c = 0; c < C; c++)
              acc += (int32_t)in[((oh + r) * W + (ow + s)) * C + c] * (int32_t)wt[((k * R + r) * S + s) * C + c];
        int64_t v = ((int64_t)acc * mult) >> shift;
        if (v > 127) v = 127;
        if (v < -128) v = -128;
        out[(oh * OW + ow) * K + k] = (int8_t)v;
      }
  (void)OH;
}
