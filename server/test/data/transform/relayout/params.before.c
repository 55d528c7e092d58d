// loopsmith-test: --relayout I=HWC
// loopsmith-driver: run(); float Out[K][H][W] I[C][H + 2][W + 2] Wt[K][C][3][3]
// loopsmith-sizes: K=2,C=3,H=4,W=5 | K=3,C=2,H=6,W=3
// loopsmith-perm: I=1,2,0
/* The arrays are parameters of conv() (its signature changes) and globals passed by run() under
   the same name; a prototype declares conv() first. */
#define K 4
#define C 3
#define H 6
#define W 5

float Out[K][H][W], I[C][H + 2][W + 2], Wt[K][C][3][3];

void conv(float O[K][H][W], float I[C][H + 2][W + 2], float F[K][C][3][3]);

void conv(float O[K][H][W], float I[C][H + 2][W + 2], float F[K][C][3][3])
{
    for (int k = 0; k < K; k++)
        for (int c = 0; c < C; c++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    for (int r = 0; r < 3; r++)
                        for (int s = 0; s < 3; s++)
                            O[k][y][x] += I[c][y + r][x + s] * F[k][c][r][s];
}

void run(void)
{
    conv(Out, I, Wt);
}
