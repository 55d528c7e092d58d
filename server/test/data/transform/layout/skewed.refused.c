// loopsmith-test: --nest skewed:11 --layout
// expect-refused: no legal order[\s\S]*anti dependence on A
/* Column-major walk, but A[i - 1][j + 1] forbids making i outermost. */

#define N 32

int A[N][N];

void skewed(void)
{
    for (int j = 0; j < N - 1; j++)
        for (int i = 1; i < N; i++)
            A[i][j] = A[i - 1][j + 1] + 1;
}
