// bench: fn=matmul_jki defines=N=512 quick=N=24 flops=2*N*N*N gemm=sgemm
/* Matrix multiply C += A * B in j, k, i order: the innermost i walks C and A down columns. */
#include "bench.h"
#ifndef N
#define N 512
#endif
float A[N][N], B[N][N], C[N][N];

void matmul_jki(void)
{
    for (int j = 0; j < N; j++)
        for (int k = 0; k < N; k++)
            for (int i = 0; i < N; i++)
                C[i][j] += A[i][k] * B[k][j];
}

int main(void)
{
    BENCH_FILL(A, float); BENCH_FILL(B, float);
    bench_start();
#ifdef BENCH_CBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0f, &A[0][0], N, &B[0][0], N, 1.0f, &C[0][0], N);
#else
    matmul_jki();
#endif
    bench_stop();
    BENCH_OUTPUT(C, float, 'f');
    return 0;
}
