#include <stdio.h>
#include <stdlib.h>

/* conv2d NCHW, stride 2, zero padding P, guard written on the subscripts themselves */
void conv2d_pad_inline(int C, int K, int H, int W, int R, int P, int OH, int OW,
                       float in[C][H][W], float wt[K][C][R][R], float out[K][OH][OW])
{
  for (int k = 0; k < K; k++)
    for (int oy = 0; oy < OH; oy++)
      for (int ox = 0; ox < OW; ox++) {
        out[k][oy][ox] = 0.0f;
        for (int c = 0; c < C; c++)
          for (int ky = 0; ky < R; ky++)
            for (int kx = 0; kx < R; kx++)
              if (oy * 2 - P + ky >= 0 && oy * 2 - P + ky < H && ox * 2 - P + kx >= 0 && ox * 2 - P + kx < W)
                out[k][oy][ox] += in[c][oy * 2 - P + ky][ox * 2 - P + kx] * wt[k][c][ky][kx];
      }
}
