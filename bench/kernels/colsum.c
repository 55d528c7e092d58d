// bench: fn=colsum defines= quick=R=16,CO=12 flops=R*CO*REPS
/* Column sums of a row-major matrix, walked down the columns (repeated REPS times). */
#include "bench.h"
#ifndef R
#define R 4096
#endif
#ifndef CO
#define CO 4096
#endif
#ifndef REPS
#define REPS 4
#endif
double M[R][CO], s[REPS][CO];

void colsum(void)
{
    for (int t = 0; t < REPS; t++)
        for (int j = 0; j < CO; j++) {
            s[t][j] = 0.0;
            for (int i = 0; i < R; i++)
                s[t][j] += M[i][j];
        }
}

int main(void)
{
    BENCH_FILL(M, double);
    bench_start();
    colsum();
    bench_stop();
    BENCH_OUTPUT(s, double, 'd');
    return 0;
}
