// loopsmith-test: --nest dw:13 --to-layout NCHW
// loopsmith-driver: dw(); float in[C][H + R - 1][W + R - 1] f[C][R][R] out[C][H][W]
// loopsmith-sizes: C=2,H=3,W=4,R=3 | C=5,H=4,W=3,R=2
/* Depthwise conv (one filter per channel) walked channel-innermost: NCHW order puts c outermost. */
#define C 4
#define H 6
#define W 5
#define R 3
float in[C][H + R - 1][W + R - 1], f[C][R][R], out[C][H][W];

void dw(void)
{
    for (int c = 0; c < C; c++)
        for (int x = 0; x < H; x++)
            for (int i = 0; i < R; i++)
                for (int j = 0; j < R; j++)
                    for (int y = 0; y < W; y++)
                        out[c][x][y] += in[c][x + i][y + j] * f[c][i][j];
}
