#include <stdio.h>
#include <stdlib.h>

/* im2col (stride 1, no padding) followed by a GEMM: out[K][OH*OW] = wt[K][C*R*R] x col[C*R*R][OH*OW] */
void im2col_gemm(int C, int K, int H, int W, int R,
                 float in[C][H][W], float col[C * R * R][(H - R + 1) * (W - R + 1)],
                 float wt[K][C * R * R], float out[K][(H - R + 1) * (W - R + 1)])
{
  int OH = H - R + 1, OW = W - R + 1;
  for (int c = 0; c < C; c++)
    for (int i = 0; i < R; i++)
      for (int j = 0; j < R; j++)
        for (int y = 0; y < H - R + 1; y++)
          for (int x = 0; x < W - R + 1; x++)
            col[(c * R + i) * R + j][y * (W - R + 1) + x] = in[c][y + i][x + j];
  for (int k = 0; k < K; k++)
    for (int p = 0; p < OH * OW; p++) {
      float acc = 0.0f;
      for (int q = 0; q < C * R * R; q++)
        acc += wt[k][q] * col[q][p];
      out[k][p] = acc;
    }
}
