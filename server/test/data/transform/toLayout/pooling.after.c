// loopsmith-test: --nest pool:13 --to-layout NCHW
// loopsmith-driver: pool(); float I[NB][C][2 * OH][2 * OW] O[NB][C][OH][OW]
// loopsmith-sizes: NB=2,C=3,OH=2,OW=3 | NB=1,C=2,OH=4,OW=3
/* 2x2 sum pooling over a batch, walked channel-innermost: NCHW order is n, c, then rows and columns. */
#define NB 2
#define C 4
#define OH 3
#define OW 4
float I[NB][C][2 * OH][2 * OW], O[NB][C][OH][OW];

void pool(void)
{
    for (int n = 0; n < NB; n++)
        for (int c = 0; c < C; c++)
            for (int x = 0; x < OH; x++)
                for (int i = 0; i < 2; i++)
                    for (int y = 0; y < OW; y++)
                        for (int j = 0; j < 2; j++)
                            O[n][c][x][y] += I[n][c][2 * x + i][2 * y + j];
}
