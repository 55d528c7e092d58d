// loopsmith-driver: matmul_bt(); float A B C
// expect-plan: scalar-replace C
/* C = A B^T: both operands are read along rows, the sum over k accumulates into C[i][j]. */
#define M 40
#define N 36
#define K 64

float A[M][K], B[N][K], C[M][N];

void matmul_bt(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            for (int k = 0; k < K; k++)
                C[i][j] += A[i][k] * B[j][k];
}
