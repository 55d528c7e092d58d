// loopsmith-test: --nest matmul:9 --accumulate-in-place s
// loopsmith-driver: matmul(); float A B C
/* The dot product accumulates in a scalar stored once: C[i][j] takes its place, so --layout can
 * then split and reorder the nest. */
#define N 12
float A[N][N], B[N][N], C[N][N];

void matmul(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            C[i][j] = 0.0f;
            for (int k = 0; k < N; k++)
                C[i][j] += A[i][k] * B[k][j];
        }
}
