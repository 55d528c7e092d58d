// loopsmith-test: --nest transpose:14 --permute j,i
// loopsmith-driver: transpose(); float A B
/* Transpose: the inner loop j walks B down a column (stride N). */

#define N 24
#define M 20

float A[N][M];
float B[M][N];

void transpose(void)
{
    /* a comment before the nest stays where it is */
    for (int i = 0; i < N; i++) {
        /* comment between the headers */
        for (int j = 0; j < M; j++) {
            B[j][i] = A[i][j]; // one element
        }
    }
    // a comment after the nest stays too
}
