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
        float s0 = s, s1 = 0, s2 = 0, s3 = 0;
        for (size_t j = i; j + 3 < cols; j += 4) {
            s0 += a[i * cols + j];
            s1 += a[i * cols + (j + 1)];
            s2 += a[i * cols + (j + 2)];
            s3 += a[i * cols + (j + 3)];
        }
        s = s0 + s1 + s2 + s3;
        for (size_t j = i + ((size_t)(cols) > (size_t)(i) ? ((cols) - (i)) / 4 * 4 : 0); j < cols; j++)
            s += a[i * cols + j];
        out[i] = s;
    }
}

void run(void)
{
    upper_row_sums(24, 10, A, OUT);
}
