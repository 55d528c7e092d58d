/* Row pointers declared in the outer body, the way inference code walks a matrix. */
void rowscale(float *restrict out, const float *restrict in, const float *restrict scale, int n, int m)
{
    for (int i = 0; i < n; i++) {
        const float *src = in + i * m;
        float *dst = out + i * m;
        const float s = scale[i];
        for (int j = 0; j < m; j++)
            dst[j] = src[j] * s;
        for (int j = 0; j < m; j++)
            dst[j] += 1.0f;
    }
}

/* Two reductions over one row pointer: fission may copy `row` into each part. */
void rowstats(const float *restrict a, float *restrict sum, float *restrict peak, int n, int m)
{
    for (int i = 0; i < n; i++) {
        const float *row = a + i * m;
        for (int j = 0; j < m; j++)
            sum[i] += row[j];
        for (int j = 0; j < m; j++)
            peak[i] = row[j] > peak[i] ? row[j] : peak[i];
    }
}

/* A pointer that advances inside the body: it is not pure, so it cannot be copied. */
void walk(const float *restrict a, float *restrict b, float *restrict c, int n, int m)
{
    for (int i = 0; i < n; i++) {
        const float *p = a + i * m;
        for (int j = 0; j < m; j++)
            b[i * m + j] = p[j];
        p += 1;
        for (int j = 0; j < m - 1; j++)
            c[i * m + j] = p[j];
    }
}
