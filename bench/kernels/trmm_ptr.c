// bench: fn=trmm_lower defines= quick=N=12 flops=N*(N+1)*N
/* User-style triangular product: the lower triangle of C = L * B through flat double pointers,
 * the sum over k innermost walking a column of B. */
#include "bench.h"
#ifndef N
#define N 1000
#endif
double l_buf[N * N], b_buf[N * N], c_buf[N * N];

void trmm_lower(int n, const double *L, const double *B, double *C)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += L[i * n + k] * B[k * n + j];
            C[i * n + j] = s;
        }
}

int main(void)
{
    BENCH_FILL(l_buf, double);
    BENCH_FILL(b_buf, double);
    bench_start();
    trmm_lower(N, l_buf, b_buf, c_buf);
    bench_stop();
    BENCH_OUTPUT(c_buf, double, 'd');
    return 0;
}
