// bench: fn=colnorm defines= quick=N=12,M=10 flops=4*N*M
/* User-style column walks over a VLA parameter: column sums of squares, then a scaling by
 * column, both walking down the columns of a row-major matrix. */
#include "bench.h"
#ifndef N
#define N 3000
#endif
#ifndef M
#define M 3000
#endif
float a_buf[N][M], scale_buf[M];

void colnorm(int n, int m, float a[n][m], float scale[m])
{
    for (int j = 0; j < m; j++) {
        float s = 0;
        for (int i = 0; i < n; i++)
            s += a[i][j] * a[i][j];
        scale[j] = s;
    }
    for (int j = 0; j < m; j++)
        for (int i = 0; i < n; i++)
            a[i][j] = a[i][j] / (1.0f + scale[j]);
}

int main(void)
{
    BENCH_FILL(a_buf, float);
    bench_start();
    colnorm(N, M, a_buf, scale_buf);
    bench_stop();
    BENCH_OUTPUT(a_buf, float, 'f');
    return 0;
}
