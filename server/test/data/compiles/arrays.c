/* Local arrays in loop bodies: a scratch row written by one loop and read by the next
   (fission must refuse naming it), and a constant table. */
void smooth(float *restrict out, const float *restrict in, int n, int m)
{
    for (int i = 0; i < n; i++) {
        float tmp[4];
        for (int k = 0; k < 4; k++)
            tmp[k] = in[i * 4 + k] * 0.5f;
        for (int k = 0; k < 4; k++)
            out[i * 4 + k] = tmp[k] + tmp[3 - k];
    }
    for (int i = 0; i < m; i++) {
        const float w[3] = { 0.25f, 0.5f, 0.25f };
        for (int k = 0; k < 3; k++)
            out[i] += w[k] * in[i + k];
    }
}

void blend(float *restrict out, const float *restrict a, int n)
{
    for (int i = 0; i < n; i++) {
        float acc[2] = { 0.0f, 0.0f };
        for (int k = 0; k < 2; k++)
            acc[k] = a[i * 2 + k];
        out[i] = acc[0] + acc[1];
    }
}
