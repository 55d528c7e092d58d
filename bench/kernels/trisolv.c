// bench: fn=trisolv defines= quick=N=16,NR=3 flops=N*N*NR
/* Forward substitution L x = b for NR right-hand sides stored as columns of X (trisolv-like). */
#include "bench.h"
#ifndef N
#define N 2000
#endif
#ifndef NR
#define NR 64
#endif
double L[N][N], X[N][NR];

void trisolv(void)
{
    for (int r = 0; r < NR; r++)
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < i; j++)
                X[i][r] -= L[i][j] * X[j][r];
            X[i][r] = X[i][r] / L[i][i];
        }
}

int main(void)
{
    BENCH_FILL(L, double); BENCH_FILL(X, double);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < i; j++) L[i][j] *= 0.5 / N;
        L[i][i] = 1.0 + (double)(i % 7);
    }
    bench_start();
    trisolv();
    bench_stop();
    BENCH_OUTPUT(X, double, 'd');
    return 0;
}
