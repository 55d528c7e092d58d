// loopsmith-test: --nest matmul:15 --tile i=4,j=3,k=2
// loopsmith-driver: matmul(); float A B C
/* Tiling all three loops keeps each C[i][j]'s k additions in order: results match exactly. */

#define M 7
#define N 5
#define P 5

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
