/* Jacobi stencil: constant offsets, no reduction loop, no window loop. */
#define N 64
float A[N][N], B[N][N];
void jacobi(void)
{
    for (int i = 1; i < N - 1; i++)
        for (int j = 1; j < N - 1; j++)
            B[i][j] = 0.2f * (A[i][j] + A[i - 1][j] + A[i + 1][j] + A[i][j - 1] + A[i][j + 1]);
}
