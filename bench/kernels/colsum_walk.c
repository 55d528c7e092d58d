// bench: fn=colsum_walk defines= quick=ROWS=8,COLS=6 flops=ROWS*COLS
/* Column sums walking each column with a pointer stepped by the row length, as hand-written
 * image code does (p += cols). */
#include "bench.h"
#ifndef ROWS
#define ROWS 3000
#endif
#ifndef COLS
#define COLS 3000
#endif
float a_buf[ROWS * COLS], s_buf[COLS];

void colsum_walk(const float *A, float *sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        const float *p = A + j;
        float t = 0;
        for (int i = 0; i < rows; i++) {
            t += *p;
            p += cols;
        }
        sum[j] = t;
    }
}

int main(void)
{
    BENCH_FILL(a_buf, float);
    bench_start();
    colsum_walk(a_buf, s_buf, ROWS, COLS);
    bench_stop();
    BENCH_OUTPUT(s_buf, float, 'f');
    return 0;
}
