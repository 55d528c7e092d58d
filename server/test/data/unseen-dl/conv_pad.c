#include <stdio.h>
#include <stdlib.h>

/* conv2d NCHW, stride 2, zero padding P, guards on the input coordinates */
void conv2d_pad(int C, int K, int H, int W, int R, int P, int OH, int OW,
                float in[C][H][W], float wt[K][C][R][R], float out[K][OH][OW])
{
  for (int k = 0; k < K; k++)
    for (int oy = 0; oy < OH; oy++)
      for (int ox = 0; ox < OW; ox++) {
        float acc = 0.0f;
        for (int c = 0; c < C; c++)
          for (int ky = 0; ky < R; ky++)
            for (int kx = 0; kx < R; kx++) {
              int iy = oy * 2 - P + ky;
              int ix = ox * 2 - P + kx;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W)
                acc += in[c][iy][ix] * wt[k][c][ky][kx];
            }
        out[k][oy][ox] = acc;
      }
}
