// loopsmith-test: --nest rows:13 --unroll j=4
// loopsmith-driver: rows(); float A X
/* 10 columns unrolled by 4: two full steps, then a remainder loop for the last 2. */

#define R 3
#define COLS 10

float A[R][COLS];
float X[COLS];

void rows(void)
{
    for (int r = 0; r < R; r++) {
        for (int j = 0; j + 3 < COLS; j += 4) {
            A[r][j] = A[r][j] * 0.5f + X[j];
            A[r][(j + 1)] = A[r][(j + 1)] * 0.5f + X[(j + 1)];
            A[r][(j + 2)] = A[r][(j + 2)] * 0.5f + X[(j + 2)];
            A[r][(j + 3)] = A[r][(j + 3)] * 0.5f + X[(j + 3)];
        }
        for (int j = 0 + ((COLS) - (0)) / 4 * 4; j < COLS; j++)
            A[r][j] = A[r][j] * 0.5f + X[j];
    }
}
