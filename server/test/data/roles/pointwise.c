/* 1x1 conv: no window, and both operands carry output loops: matmul-shaped. */
#define C 8
#define K 16
#define H 6
#define W 6
float I[C][H][W], Wt[K][C], O[K][H][W];
void pointwise(void)
{
    for (int k = 0; k < K; k++)
        for (int c = 0; c < C; c++)
            for (int x = 0; x < H; x++)
                for (int y = 0; y < W; y++)
                    O[k][x][y] += Wt[k][c] * I[c][x][y];
}
