/* Brute-force driver for samples/triangular.c: the test writes the instrumented sample as kernel.c. */
#include "kernel.c"

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int k = 0; k < M; k++) A[i][k] = 0.25 * (double)(i - k);
    for (int i = 0; i < L; i++) D[i] = (double)i;
    syrk(1.5, 0.5);
    every_fourth();
    __ls_report();
    return 0;
}
