/* Strided (2) conv with zero padding (1): the window subscript is x*2 + i - 1, under a guard. */
#define C 3
#define K 8
#define H 16
#define W 16
#define R 3
#define OH 8
#define OW 8
float in[C][H][W], wt[K][C][R][R], out[K][OH][OW];
void conv_pad(void)
{
    for (int k = 0; k < K; k++)
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++) {
                float acc = 0.0f;
                for (int c = 0; c < C; c++)
                    for (int ky = 0; ky < R; ky++)
                        for (int kx = 0; kx < R; kx++)
                            if (oy * 2 + ky - 1 >= 0 && oy * 2 + ky - 1 < H && ox * 2 + kx - 1 >= 0 && ox * 2 + kx - 1 < W)
                                acc += in[c][oy * 2 + ky - 1][ox * 2 + kx - 1] * wt[k][c][ky][kx];
                out[k][oy][ox] = acc;
            }
}
