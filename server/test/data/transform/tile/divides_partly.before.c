// loopsmith-test: --nest scale:11 --tile i=16,j=16
// loopsmith-driver: scale(); float A B
/* 16 divides 64 but not 24: the i point loop has no guard, the j point loop keeps its min. */

#define R 64
#define S 24
float A[R][S], B[S][R];

void scale(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++)
            B[j][i] = 2.0f * A[i][j];
}
