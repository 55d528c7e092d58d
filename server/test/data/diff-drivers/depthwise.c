/* Differential driver for samples/depthwise.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

int main(void)
{
    FILL_INT(in, int8_t, -128, 127); FILL_INT(wt, int8_t, -128, 127); FILL_INT(out, int32_t, -1000, 1000);
    depthwise3x3();
    PRINT_I(out, int32_t);
    return 0;
}
