/* Brute-force driver for samples/matmul.c: the test writes the instrumented sample as kernel.c. */
#include "kernel.c"

int main(void)
{
    for (int i = 0; i < M; i++)
        for (int k = 0; k < P; k++) A[i][k] = (float)((i + k) % 3);
    matmul();
    __ls_report();
    return 0;
}
