#include <stdio.h>
#include <stdlib.h>

/* transposed conv2d NCHW (stride 2, padding P), gather form with divisibility guards */
void deconv2d(int C, int K, int H, int W, int R, int P, int OH, int OW,
              float in[C][H][W], float wt[C][K][R][R], float out[K][OH][OW])
{
  for (int k = 0; k < K; k++)
    for (int oy = 0; oy < OH; oy++)
      for (int ox = 0; ox < OW; ox++) {
        float acc = 0.0f;
        for (int c = 0; c < C; c++)
          for (int ky = 0; ky < R; ky++)
            for (int kx = 0; kx < R; kx++) {
              int ty = oy + P - ky, tx = ox + P - kx;
              if (ty % 2 == 0 && tx % 2 == 0) {
                int iy = ty / 2, ix = tx / 2;
                if (ty >= 0 && iy < H && tx >= 0 && ix < W)
                  acc += in[c][iy][ix] * wt[c][k][ky][kx];
              }
            }
        out[k][oy][ox] = acc;
      }
}
