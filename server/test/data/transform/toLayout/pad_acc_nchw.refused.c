// loopsmith-test: --nest conv_pad:16 --to-layout NCHW
// expect-refused: the loops already run in NCHW order \(k,oy,ox = K,H,W\); the nest is not split: .*acc is declared inside loop ox
/* The same conv: its outer band already runs k, oy, ox (K, H, W), and the split that would bring c out is not legal. */
#define C 3
#define K 4
#define H 8
#define W 8
#define R 3
#define OH 4
#define OW 4

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
