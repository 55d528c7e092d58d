/* Brute-force driver for samples/stencil.c: the test writes the instrumented sample as kernel.c. */
#include "kernel.c"

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) A[i][j] = (float)(i * N + j);
    jacobi2d();
    __ls_report();
    return 0;
}
