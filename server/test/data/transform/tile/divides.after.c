// loopsmith-test: --nest scale:12 --tile i=16,j=8
// loopsmith-driver: scale(); float A B
/* 16 divides 64 and 8 divides 24 (both fixed by #define): every tile is full, so the point
 * loops run exactly 16 and 8 iterations and need no min guard. */

#define R 64
#define S 24
float A[R][S], B[S][R];

void scale(void)
{
    for (int i_t = 0; i_t < R; i_t += 16)
        for (int j_t = 0; j_t < S; j_t += 8)
            for (int i = i_t; i < i_t + 16; i++)
                for (int j = j_t; j < j_t + 8; j++)
                    B[j][i] = 2.0f * A[i][j];
}
