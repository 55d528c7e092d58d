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
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < M; j++) {
            B[j][i] = A[i][j]; // one element
        }
    }
    /* after the nest */
}
