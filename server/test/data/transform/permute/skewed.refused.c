// loopsmith-test: --nest skewed:11 --permute j,i
// expect-refused: flow dependence on A.*\(<, >\)
/* A[i][j] reads A[i-1][j+1]: the dependence (<, >) would become (>, <). */

#define N 32

int A[N][N];

void skewed(void)
{
    for (int i = 1; i < N; i++)
        for (int j = 0; j < N - 1; j++)
            A[i][j] = A[i - 1][j + 1] + 1;
}
