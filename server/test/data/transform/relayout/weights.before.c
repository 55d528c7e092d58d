// loopsmith-test: --relayout wt=KRSC
// loopsmith-driver: conv_pad(); float in[C][H][W] wt[K][C][R][R] out[K][OH][OW]
// loopsmith-sizes: C=2,K=3,H=6,W=5,R=3,OH=3,OW=3 | C=3,K=2,H=9,W=8,R=2,OH=5,OW=4
// loopsmith-perm: wt=0,2,3,1
/* Strided, padded conv: the weights go from KCRS to KRSC (the guard and the scalar stay). */
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
