// bench: fn=matmul_jki defines=DIM=512 quick=DIM=24 flops=2*DIM*DIM*DIM gemm=sgemm
/* Matrix multiply C += A * B in j, k, i order: the innermost i walks C and A down columns. */
#include "bench.h"
#ifndef DIM
#define DIM 512
#endif
float A[DIM][DIM], B[DIM][DIM], C[DIM][DIM];

void matmul_jki(void)
{
    for (int j = 0; j < DIM; j++)
        for (int k = 0; k < DIM; k++)
            for (int i = 0; i < DIM; i++)
                C[i][j] += A[i][k] * B[k][j];
}

int main(void)
{
    BENCH_FILL(A, float); BENCH_FILL(B, float);
    bench_start();
#ifdef BENCH_CBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, DIM, DIM, DIM, 1.0f, &A[0][0], DIM, &B[0][0], DIM, 1.0f, &C[0][0], DIM);
#else
    matmul_jki();
#endif
    bench_stop();
    BENCH_OUTPUT(C, float, 'f');
    return 0;
}
