#include <stdio.h>
#include <stdlib.h>

/* 3x3 average pooling, stride 1, padding 1: count_include_pad selects the divisor */
void avgpool(int C, int H, int W, int incl, float in[C][H][W], float out[C][H][W])
{
  for (int c = 0; c < C; c++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        float sum = 0.0f;
        int cnt = 0;
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++) {
            if (y + dy >= 0 && y + dy < H && x + dx >= 0 && x + dx < W) {
              sum += in[c][y + dy][x + dx];
              cnt++;
            }
          }
        out[c][y][x] = incl ? sum / 9.0f : sum / (float)cnt;
      }
}
