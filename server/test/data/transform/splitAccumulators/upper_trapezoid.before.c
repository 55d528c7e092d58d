// loopsmith-test: --nest upper_row_sums:13 --split-accumulators 4 --at 15
// loopsmith-driver: run(); float A OUT
/* Row sums of the upper trapezoid of a matrix with more rows than columns, the counters
 * unsigned: for rows past the last column the inner loop runs no iteration, and its distance
 * cols - i wraps around. The remainder loop must still start past the bound (it once ran up
 * to 3 extra iterations there). */
#include <stddef.h>

float A[24 * 10], OUT[24];

void upper_row_sums(size_t rows, size_t cols, const float *a, float *out)
{
    for (size_t i = 0; i < rows; i++) {
        float s = 0.0f;
        for (size_t j = i; j < cols; j++)
            s += a[i * cols + j];
        out[i] = s;
    }
}

void run(void)
{
    upper_row_sums(24, 10, A, OUT);
}
