/* Differential driver for samples/matmul.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

int main(void)
{
    FILL_REAL(A, float); FILL_REAL(B, float); FILL_REAL(C, float);
    matmul();
    PRINT_F(C, float);
    return 0;
}
