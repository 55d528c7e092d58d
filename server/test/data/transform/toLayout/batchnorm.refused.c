// loopsmith-test: --nest bn:11 --to-layout NHWC
// expect-refused: no NHWC order to derive: only c \(C\) has a tensor role; loops n, h, w have no tensor role
/* Batch norm: only the channel loop is certain (batch and spatial loops look alike). */
#define NB 2
#define C 3
#define H 4
#define W 5
float X[NB][C][H][W], Y[NB][C][H][W], g[C], bta[C];
void bn(void)
{
    for (int n = 0; n < NB; n++)
        for (int c = 0; c < C; c++)
            for (int h = 0; h < H; h++)
                for (int w = 0; w < W; w++)
                    Y[n][c][h][w] = X[n][c][h][w] * g[c] + bta[c];
}
