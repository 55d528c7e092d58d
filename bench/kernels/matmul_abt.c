// bench: fn=matmul_abt defines=N=768 quick=N=24 flops=2*N*N*N
/* Transposed matmul C = A * B^T: both reads are rows, the sum is a reduction over k. */
#include "bench.h"
#ifndef N
#define N 768
#endif
double A[N][N], B[N][N], C[N][N];

void matmul_abt(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s += A[i][k] * B[j][k];
            C[i][j] = s;
        }
}

int main(void)
{
    BENCH_FILL(A, double); BENCH_FILL(B, double);
    bench_start();
    matmul_abt();
    bench_stop();
    BENCH_OUTPUT(C, double, 'd');
    return 0;
}
