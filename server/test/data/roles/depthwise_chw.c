/* Depthwise 3x3 conv, CHW: one filter per channel, so c indexes the output, the input and the weights. */
#define C 6
#define H 12
#define W 10
float I[C][H + 2][W + 2], Wt[C][3][3], O[C][H][W];
void depthwise(void)
{
    for (int c = 0; c < C; c++)
        for (int x = 0; x < H; x++)
            for (int y = 0; y < W; y++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        O[c][x][y] += I[c][x + i][y + j] * Wt[c][i][j];
}
