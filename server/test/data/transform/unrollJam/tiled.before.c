// loopsmith-test: --nest matmul:17 --unroll-jam i=2
// loopsmith-driver: matmul(); float A B C
/* matmul after --permute i,k,j and --tile i=4,k=3,j=4: every size divides its trip count, so
 * the point loops run exactly 4, 3 and 4 iterations (no min guard) and unroll-and-jam of i by
 * 2 inside the tiles needs no remainder. */

#define M 8
#define N 8
#define P 6

float A[M][P];
float B[P][N];
float C[M][N];

void matmul(void)
{
    for (int i_t = 0; i_t < M; i_t += 4)
        for (int k_t = 0; k_t < P; k_t += 3)
            for (int j_t = 0; j_t < N; j_t += 4)
                for (int i = i_t; i < i_t + 4; i++)
                    for (int k = k_t; k < k_t + 3; k++)
                        for (int j = j_t; j < j_t + 4; j++)
                            C[i][j] += A[i][k] * B[k][j];
}
