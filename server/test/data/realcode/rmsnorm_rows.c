/* RMS normalisation of each row; the per-element scaling is a helper. */
static inline float scale_one(float x, float g, float s)
{
    return g * (s * x);
}

void rmsnorm_rows(float *out, const float *x, const float *weight, int rows, int size)
{
    for (int r = 0; r < rows; r++) {
        const float *xr = x + r * size;
        float *orow = out + r * size;
        float ss = 0.0f;
        for (int j = 0; j < size; j++)
            ss += xr[j] * xr[j];
        ss = 1.0f / sqrtf(ss / (float)size + 1e-5f);
        for (int j = 0; j < size; j++)
            orow[j] = scale_one(xr[j], weight[j], ss);
    }
}
