/* Matmul: both operands carry an output loop, so nothing tells the input from the weights. */
#define M 32
#define N 32
#define P 32
float A[M][P], B[P][N], Cm[M][N];
void matmul(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            for (int k = 0; k < P; k++)
                Cm[i][j] += A[i][k] * B[k][j];
}
