/* Differential driver for samples/fc.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

static float x[IN], w[OUT * IN], b[OUT], y[OUT];

int main(void)
{
    FILL_REAL(x, float); FILL_REAL(w, float); FILL_REAL(b, float); FILL_REAL(y, float);
    fc(x, w, b, y);
    PRINT_F(y, float);
    return 0;
}
