// loopsmith-test: --nest scale:12 --tile i=16,j=8
// loopsmith-driver: scale(); float A B
/* 16 divides 64 and 8 divides 24 (both fixed by #define): every tile is full, so the point
 * loops run exactly 16 and 8 iterations and need no min guard. */

#define R 64
#define S 24
float A[R][S], B[S][R];

void scale(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++)
            B[j][i] = 2.0f * A[i][j];
}
