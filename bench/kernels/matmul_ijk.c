// bench: fn=matmul_ijk defines=DIM=512 quick=DIM=24 flops=2*DIM*DIM*DIM gemm=sgemm
/* Matrix multiply C = A * B in i, j, k order: B[k][j] walks down a column. */
#include "bench.h"
#ifndef DIM
#define DIM 512
#endif
float A[DIM][DIM], B[DIM][DIM], C[DIM][DIM];

void matmul_ijk(void)
{
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            float s = 0.0f;
            for (int k = 0; k < DIM; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
}

int main(void)
{
    BENCH_FILL(A, float); BENCH_FILL(B, float);
    bench_start();
#ifdef BENCH_CBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, DIM, DIM, DIM, 1.0f, &A[0][0], DIM, &B[0][0], DIM, 0.0f, &C[0][0], DIM);
#else
    matmul_ijk();
#endif
    bench_stop();
    BENCH_OUTPUT(C, float, 'f');
    return 0;
}
