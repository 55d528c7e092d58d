// bench: fn=softmax defines= quick=ROWS=4,COLS=16 flops=0 control
/* Control, already well ordered: row-wise softmax (max, exp and sum, scale), each pass a row walk. */
#include <math.h>
#include "bench.h"
#ifndef ROWS
#define ROWS 2048
#endif
#ifndef COLS
#define COLS 2048
#endif
float X[ROWS][COLS], Y[ROWS][COLS];

void softmax(void)
{
    for (int r = 0; r < ROWS; r++) {
        float m = X[r][0];
        for (int c = 1; c < COLS; c++)
            m = X[r][c] > m ? X[r][c] : m;
        float s = 0.0f;
        for (int c = 0; c < COLS; c++) {
            Y[r][c] = expf(X[r][c] - m);
            s += Y[r][c];
        }
        for (int c = 0; c < COLS; c++)
            Y[r][c] = Y[r][c] / s;
    }
}

int main(void)
{
    BENCH_FILL(X, float);
    bench_start();
    softmax();
    bench_stop();
    BENCH_OUTPUT(Y, float, 'f');
    return 0;
}
