/* Differential driver for samples/stencil.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

int main(void)
{
    FILL_REAL(A, float); FILL_REAL(B, float);
    jacobi2d();
    PRINT_F(B, float);
    return 0;
}
