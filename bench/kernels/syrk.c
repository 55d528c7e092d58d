// bench: fn=syrk defines= quick=N=16,M=12 flops=N*(N+1)*M
/* Symmetric rank-k update of the lower triangle, C = A * A^T + C, in i, k, j order (j <= i). */
#include "bench.h"
#ifndef N
#define N 1024
#endif
#ifndef M
#define M 512
#endif
double A[N][M], C[N][N];

void syrk(void)
{
    for (int j = 0; j < N; j++)
        for (int i = j; i < N; i++)
            for (int k = 0; k < M; k++)
                C[i][j] += A[i][k] * A[j][k];
}

int main(void)
{
    BENCH_FILL(A, double); BENCH_FILL(C, double);
    bench_start();
    syrk();
    bench_stop();
    BENCH_OUTPUT(C, double, 'd');
    return 0;
}
