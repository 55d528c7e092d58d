/* Differential driver for samples/conv_nhwc.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

int main(void)
{
    FILL_REAL(I, float); FILL_REAL(W, float); FILL_REAL(B, float); FILL_REAL(O, float);
    conv_nhwc();
    PRINT_F(O, float);
    return 0;
}
