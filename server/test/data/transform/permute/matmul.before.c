// loopsmith-test: --nest matmul:15 --permute i,k,j
// loopsmith-driver: matmul(); float A B C
/* Perfect i, j, k matmul: i, k, j keeps each C[i][j]'s additions in k order. */

#define M 12
#define N 10
#define P 9

float A[M][P];
float B[P][N];
float C[M][N];

void matmul(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            for (int k = 0; k < P; k++)
                C[i][j] += A[i][k] * B[k][j];
}
