/* Fixed-point-library style loops: a block count from a shift, four taps per block, then a
 * tail of n % 4 (or n & 3) elements; the index is stepped at the end of each block. */

/* acc = sum a[i]*b[i]; while (cnt > 0) { ...; i += 4; cnt--; } then the tail. */
void dot_blocks(const float *a, const float *b, float *out, int n)
{
    float acc = 0.0f;
    int i = 0;
    int cnt = n >> 2;
    while (cnt > 0) {
        acc += a[i] * b[i];
        acc += a[i + 1] * b[i + 1];
        acc += a[i + 2] * b[i + 2];
        acc += a[i + 3] * b[i + 3];
        i += 4;
        cnt--;
    }
    cnt = n % 4;
    while (cnt > 0) {
        acc += a[i] * b[i];
        i++;
        cnt--;
    }
    out[0] = acc;
}

/* dst = src * s + bias over blocks of 4 with while (blk--), then a tail of n & 3 with while (rem--). */
void scale_blocks(float *dst, const float *src, float s, float bias, int n)
{
    int k = 0;
    int blk = n >> 2;
    while (blk--) {
        dst[k] = src[k] * s + bias;
        dst[k + 1] = src[k + 1] * s + bias;
        dst[k + 2] = src[k + 2] * s + bias;
        dst[k + 3] = src[k + 3] * s + bias;
        k += 4;
    }
    int rem = n & 3;
    while (rem--) {
        dst[k] = src[k] * s + bias;
        k++;
    }
}

/* The same split with for loops: the tail loop has no initialiser and continues from i. */
void axpy_tail(float *y, const float *x, float alpha, int n)
{
    int i;
    for (i = 0; i + 4 <= n; i += 4) {
        y[i] += alpha * x[i];
        y[i + 1] += alpha * x[i + 1];
        y[i + 2] += alpha * x[i + 2];
        y[i + 3] += alpha * x[i + 3];
    }
    for (; i < n; i++)
        y[i] += alpha * x[i];
}

/* Backwards: while (n--) walks the vector from its end; the counter is the index. */
void relu_back(float *v, int len)
{
    int c = len;
    while (c--)
        v[c] = v[c] > 0.0f ? v[c] : 0.0f;
}
