/* Copies a w-wide window of each row into a packed buffer with a memcpy-style helper. */
static void copy_n(float *dst, const float *src, int n)
{
    while (n--) *dst++ = *src++;
}

void pack_rows(const float *in, float *out, int rows, int w, int stride)
{
    for (int r = 0; r < rows; r++)
        copy_n(out + r * w, in + r * stride, w);
}
