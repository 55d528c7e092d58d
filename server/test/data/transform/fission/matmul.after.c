// loopsmith-test: --nest matmul:15 --fission
// loopsmith-driver: matmul(); float A B C
/* C[i][j] is zeroed inside the j loop: split at j into init and accumulate. */

#define M 7
#define N 9
#define P 5

float A[M][P];
float B[P][N];
float C[M][N];

void matmul(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            C[i][j] = 0.0f;   // init
        }

    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            for (int k = 0; k < P; k++)
                C[i][j] += A[i][k] * B[k][j];
        }
}
