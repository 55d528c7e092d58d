// loopsmith-test: --nest matmul:16 --unroll-jam i=2
// loopsmith-driver: matmul(); float A B C
/* matmul after --permute i,k,j and --tile i=4,k=2,j=4: 7 rows in tiles of 4, so the point
 * loop i ends at the smaller of its tile end and M; unroll-and-jam keeps that bound and adds a remainder nest. */

#define M 7
#define N 6
#define P 5

float A[M][P];
float B[P][N];
float C[M][N];

void matmul(void)
{
    for (int i_t = 0; i_t < M; i_t += 4)
        for (int k_t = 0; k_t < P; k_t += 2)
            for (int j_t = 0; j_t < N; j_t += 4)
                for (int i = i_t; i < (i_t + 4 < M ? i_t + 4 : M); i++)
                    for (int k = k_t; k < (k_t + 2 < P ? k_t + 2 : P); k++)
                        for (int j = j_t; j < (j_t + 4 < N ? j_t + 4 : N); j++)
                            C[i][j] += A[i][k] * B[k][j];
}
