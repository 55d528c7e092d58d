// loopsmith-test: --nest seidel:11 --tile i=8,j=8
// expect-refused: not fully permutable[\s\S]*dependence on A.*\(<, >\)
/* In-place 9-point Gauss-Seidel sweep: A[i-1][j+1] carries a (<, >) dependence. */

#define N 34

double A[N][N];

void seidel(void)
{
    for (int i = 1; i < N - 1; i++)
        for (int j = 1; j < N - 1; j++)
            A[i][j] = (A[i-1][j-1] + A[i-1][j] + A[i-1][j+1]
                     + A[i][j-1] + A[i][j] + A[i][j+1]
                     + A[i+1][j-1] + A[i+1][j] + A[i+1][j+1]) / 9.0;
}
