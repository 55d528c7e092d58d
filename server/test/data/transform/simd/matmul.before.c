// loopsmith-test: --nest matmul:11 --simd
// loopsmith-driver: matmul(); float A B C
/* C[i][j] is reduced across k: kept in a local first, so the clause can name it. */

#define N 6
#define K 19
float A[N][K], B[K][N], C[N][N];

void matmul(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            for (int k = 0; k < K; k++)
                C[i][j] += A[i][k] * B[k][j];
}
