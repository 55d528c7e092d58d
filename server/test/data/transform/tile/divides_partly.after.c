// loopsmith-test: --nest scale:11 --tile i=16,j=16
// loopsmith-driver: scale(); float A B
/* 16 divides 64 but not 24: the i point loop has no guard, the j point loop keeps its min. */

#define R 64
#define S 24
float A[R][S], B[S][R];

void scale(void)
{
    for (int i_t = 0; i_t < R; i_t += 16)
        for (int j_t = 0; j_t < S; j_t += 16)
            for (int i = i_t; i < i_t + 16; i++)
                for (int j = j_t; j < (j_t + 16 < S ? j_t + 16 : S); j++)
                    B[j][i] = 2.0f * A[i][j];
}
