// loopsmith-test: --nest mm:11 --scalar-replace A
// loopsmith-driver: mm(); float A B C
/* i, k, j order: A[i][k] is read once per j run; it is loaded once, never stored. */

#define N 6
#define K 5
float A[N][K], B[K][N], C[N][N];

void mm(void)
{
    for (int i = 0; i < N; i++)
        for (int k = 0; k < K; k++)
            for (int j = 0; j < N; j++)
                C[i][j] += A[i][k] * B[k][j];
}
