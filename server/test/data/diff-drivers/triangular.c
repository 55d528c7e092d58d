/* Differential driver for samples/triangular.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

int main(void)
{
    FILL_REAL(A, double); FILL_REAL(C, double); FILL_REAL(D, double);
    syrk(1.5, 0.75);
    every_fourth();
    PRINT_D(C, double);
    PRINT_D(D, double);
    return 0;
}
