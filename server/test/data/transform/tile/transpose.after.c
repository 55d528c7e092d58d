// loopsmith-test: --nest transpose:14 --tile i=4,j=8
// loopsmith-driver: transpose(); float A B
/* 10 x 12 transpose in 4 x 8 tiles: both loops have a partial last tile. */

#define N 10
#define M 12

float A[N][M];
float B[M][N];

void transpose(void)
{
    /* before the nest */
    for (int i_t = 0; i_t < N; i_t += 4)
        for (int j_t = 0; j_t < M; j_t += 8)
            for (int i = i_t; i < (i_t + 4 < N ? i_t + 4 : N); i++)
                for (int j = j_t; j < (j_t + 8 < M ? j_t + 8 : M); j++) {
                    B[j][i] = A[i][j]; // one element
                }
    /* after the nest */
}
