// bench: fn=matmul_ijk defines=N=512 quick=N=24 flops=2*N*N*N gemm=sgemm
/* Matrix multiply C = A * B in i, j, k order: B[k][j] walks down a column. */
#include "bench.h"
#ifndef N
#define N 512
#endif
float A[N][N], B[N][N], C[N][N];

void matmul_ijk(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int k = 0; k < N; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
}

int main(void)
{
    BENCH_FILL(A, float); BENCH_FILL(B, float);
    bench_start();
#ifdef BENCH_CBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0f, &A[0][0], N, &B[0][0], N, 0.0f, &C[0][0], N);
#else
    matmul_ijk();
#endif
    bench_stop();
    BENCH_OUTPUT(C, float, 'f');
    return 0;
}
