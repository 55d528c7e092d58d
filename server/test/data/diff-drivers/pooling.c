/* Differential driver for samples/pooling.c: fills every input, calls every function with a nest, prints every output. */
#include <stdio.h>
#include "kernel.c"

#include "diff-driver.h"

int main(void)
{
    FILL_REAL(in, float); FILL_REAL(out_max, float); FILL_REAL(out_avg, float);
    maxpool2x2();
    avgpool2x2();
    PRINT_F(out_max, float);
    PRINT_F(out_avg, float);
    return 0;
}
