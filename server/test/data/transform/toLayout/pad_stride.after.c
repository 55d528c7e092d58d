// loopsmith-test: --nest conv_pad:18 --to-layout NCHW
// loopsmith-driver: conv_pad(); float in[C][H][W] wt[K][C][R][R] out[K][OH][OW]
// loopsmith-sizes: C=2,K=3,H=6,W=5,R=3,OH=3,OW=3 | C=3,K=2,H=9,W=8,R=2,OH=5,OW=4
/* Strided (2) conv with zero padding (1), the guard inside the window loops, written with the
   output channel k innermost: NCHW order runs k, c outside the rows and columns. */
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
        for (int c = 0; c < C; c++)
            for (int oy = 0; oy < OH; oy++)
                for (int ky = 0; ky < R; ky++)
                    for (int ox = 0; ox < OW; ox++)
                        for (int kx = 0; kx < R; kx++)
                            if (oy * 2 + ky - 1 >= 0 && oy * 2 + ky - 1 < H && ox * 2 + kx - 1 >= 0 && ox * 2 + kx - 1 < W)
                                out[k][oy][ox] += in[c][oy * 2 + ky - 1][ox * 2 + kx - 1] * wt[k][c][ky][kx];
}
