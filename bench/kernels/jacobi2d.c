// bench: fn=jacobi2d defines= quick=N=12,T=3 flops=10*(N-2)*(N-2)*T
/* Jacobi 2-D, 5 points, with a time loop: two sweeps per step (A to B, B to A). */
#include "bench.h"
#ifndef N
#define N 1024
#endif
#ifndef T
#define T 60
#endif
double A[N][N], B[N][N];

void jacobi2d(void)
{
    for (int t = 0; t < T; t++) {
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                B[i][j] = 0.2 * (A[i][j] + A[i - 1][j] + A[i + 1][j] + A[i][j - 1] + A[i][j + 1]);
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                A[i][j] = 0.2 * (B[i][j] + B[i - 1][j] + B[i + 1][j] + B[i][j - 1] + B[i][j + 1]);
    }
}

int main(void)
{
    BENCH_FILL(A, double); BENCH_FILL(B, double);
    bench_start();
    jacobi2d();
    bench_stop();
    BENCH_OUTPUT(A, double, 'd');
    return 0;
}
