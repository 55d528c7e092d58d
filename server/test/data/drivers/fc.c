/* Brute-force driver for samples/fc.c: the test writes the instrumented sample as kernel.c. */
#include <stdlib.h>
#include "kernel.c"

int main(void)
{
    float *x = calloc(IN, sizeof *x);
    float *w = calloc((size_t)OUT * IN, sizeof *w);
    float *b = calloc(OUT, sizeof *b);
    float *y = calloc(OUT, sizeof *y);
    if (!x || !w || !b || !y) return 1;
    for (int i = 0; i < IN; i++) x[i] = (float)(i % 7) - 3.0f;
    fc(x, w, b, y);
    __ls_report();
    free(x); free(w); free(b); free(y);
    return 0;
}
