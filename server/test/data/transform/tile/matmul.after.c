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
    for (int i_t = 0; i_t < M; i_t += 4)
        for (int j_t = 0; j_t < N; j_t += 3)
            for (int k_t = 0; k_t < P; k_t += 2)
                for (int i = i_t; i < (i_t + 4 < M ? i_t + 4 : M); i++)
                    for (int j = j_t; j < (j_t + 3 < N ? j_t + 3 : N); j++)
                        for (int k = k_t; k < (k_t + 2 < P ? k_t + 2 : P); k++)
                            C[i][j] += A[i][k] * B[k][j];
}
