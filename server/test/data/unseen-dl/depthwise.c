#include <stdio.h>
#include <stdlib.h>

/* depthwise conv NCHW, stride 1, no padding, bias */
void depthwise(int N, int C, int H, int W, int R,
               float in[N][C][H][W], float wt[C][R][R], float bias[C], float out[N][C][H - R + 1][W - R + 1])
{
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++)
      for (int y = 0; y < H - R + 1; y++)
        for (int x = 0; x < W - R + 1; x++) {
          out[n][c][y][x] = bias[c];
          for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
              out[n][c][y][x] += in[n][c][y + i][x + j] * wt[c][i][j];
        }
}
