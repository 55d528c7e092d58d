/* im2col: a copy, no reduction and no window read from an input by an output loop. Not recognised. */
#define C 3
#define H 8
#define W 8
#define R 3
#define OH (H - R + 1)
#define OW (W - R + 1)
float I[C][H][W], col[C * R * R][OH * OW];
void im2col(void)
{
    for (int c = 0; c < C; c++)
        for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
                for (int x = 0; x < OH; x++)
                    for (int y = 0; y < OW; y++)
                        col[(c * R + i) * R + j][x * OW + y] = I[c][x + i][y + j];
}
