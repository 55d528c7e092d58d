/* y += a * x in blocks of four, then a tail loop that continues from the block loop's index. */
void saxpy_blocked(float *y, const float *x, float a, int n)
{
    int i = 0;
    for (; i + 3 < n; i += 4) {
        y[i] += a * x[i];
        y[i + 1] += a * x[i + 1];
        y[i + 2] += a * x[i + 2];
        y[i + 3] += a * x[i + 3];
    }
    for (; i < n; i++)
        y[i] += a * x[i];
}
