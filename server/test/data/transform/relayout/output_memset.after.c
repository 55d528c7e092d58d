// loopsmith-test: --relayout O=HWK
// loopsmith-driver: run(); float O[K][H][W] I[C][H + 2][W + 2] F[K][C][3][3]
// loopsmith-sizes: K=2,C=3,H=4,W=5 | K=3,C=2,H=5,W=3
// loopsmith-perm: O=1,2,0
/* The output goes channel-last (KHW -> HWK); memset of the whole array does not care. */
#include <string.h>
#define K 4
#define C 3
#define H 6
#define W 5
float O[H][W][K], I[C][H + 2][W + 2], F[K][C][3][3];

void run(void)
{
    memset(O, 0, sizeof O);
    for (int k = 0; k < K; k++)
        for (int c = 0; c < C; c++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    for (int r = 0; r < 3; r++)
                        for (int s = 0; s < 3; s++)
                            O[y][x][k] += I[c][y + r][x + s] * F[k][c][r][s];
}
