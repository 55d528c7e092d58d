/* Batched NCHW 2x2 max pooling, stride 2: no weights; n and c index the output and the input alone. */
#include <math.h>
#define NB 2
#define C 4
#define H 16
#define W 16
float I[NB][C][H][W], O[NB][C][H / 2][W / 2];
void maxpool(void)
{
    for (int n = 0; n < NB; n++)
        for (int c = 0; c < C; c++)
            for (int x = 0; x < H / 2; x++)
                for (int y = 0; y < W / 2; y++) {
                    float m = -INFINITY;
                    for (int i = 0; i < 2; i++)
                        for (int j = 0; j < 2; j++)
                            m = fmaxf(m, I[n][c][2 * x + i][2 * y + j]);
                    O[n][c][x][y] = m;
                }
}
