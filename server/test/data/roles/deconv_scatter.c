/* Transposed conv (stride 2), scatter form: the window sum is in the written array. */
#define C 4
#define K 3
#define H 6
#define W 6
float I[C][H][W], Wt[C][K][3][3], O[K][2 * H + 1][2 * W + 1];
void deconv(void)
{
    for (int c = 0; c < C; c++)
        for (int k = 0; k < K; k++)
            for (int x = 0; x < H; x++)
                for (int y = 0; y < W; y++)
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++)
                            O[k][2 * x + i][2 * y + j] += I[c][x][y] * Wt[c][k][i][j];
}
