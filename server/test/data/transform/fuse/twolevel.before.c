// loopsmith-test: --nest init_acc:11 --fuse
// loopsmith-driver: init_acc(); float A B C
/* Both nests walk i, j the same way: fuse both levels. */

#define R 5
#define S 7
float A[R][S], B[R][S], C[R][S];

void init_acc(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++)
            C[i][j] = A[i][j];

    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++)
            C[i][j] += A[i][j] * B[i][j];
}
