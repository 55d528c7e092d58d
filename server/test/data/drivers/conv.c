/* Brute-force driver for samples/conv.c: the test writes the instrumented sample as kernel.c. */
#include "kernel.c"

int main(void)
{
    /* Globals O, I, W, B are zero-initialised; give the inputs some values anyway. */
    for (int n = 0; n < N; n++) B[n] = 0.5f * (float)n - 1.0f;
    for (int c = 0; c < C; c++)
        for (int k = 0; k < K; k++)
            for (int l = 0; l < K; l++) W[c][k][l] = (float)((c + k * 3 + l * 7) % 5) - 2.0f;
    conv();
    __ls_report();
    return 0;
}
