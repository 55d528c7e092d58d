/* Scatter-add of rows by computed destination indices (embedding gradient). */
void scatter_add(const float *src, const int *idx, float *dst, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            dst[idx[i] * m + j] += src[i * m + j];
}
