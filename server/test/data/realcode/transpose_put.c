/* Transpose through a store helper that writes memory. */
static void put(float *a, int i, int j, int m, float v)
{
    a[i * m + j] = v;
}

void transpose(const float *src, float *dst, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            put(dst, j, i, n, src[i * m + j]);
}
