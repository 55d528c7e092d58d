/* A conv whose channel is read through an index table: that subscript is not affine. */
#define C 4
#define K 8
#define H 10
#define W 10
int idx[C];
float I[C][H + 2][W + 2], Wt[K][C][3][3], O[K][H][W];
void gather_conv(void)
{
    for (int k = 0; k < K; k++)
        for (int x = 0; x < H; x++)
            for (int y = 0; y < W; y++)
                for (int c = 0; c < C; c++)
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++)
                            O[k][x][y] += I[idx[c]][x + i][y + j] * Wt[k][c][i][j];
}
