// loopsmith-test: --nest transpose:12 --layout
// expect-refused: already the best
/* A transpose walks one of its arrays with a stride whatever the order. */

#define N 32

float A[N][N];
float B[N][N];

void transpose(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            B[j][i] = A[i][j];
}
