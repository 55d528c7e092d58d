/* Declarations inside if-branches and nested blocks of a body. */
void relu_pool(float *restrict out, const float *restrict in, int n, int m)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
            if (in[i * m + j] > 0.0f) {
                float v = in[i * m + j];
                out[i * m + j] = v;
            } else {
                out[i * m + j] = 0.0f;
            }
        }
        for (int j = 0; j < m; j++) {
            const float *q = out + i * m + j;
            out[i * m + j] = *q * 0.5f;
        }
    }
}

void blocks(float *restrict y, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++) {
        {
            const float h = x[i] * 0.5f;
            y[i] = h;
        }
        for (int k = 0; k < 2; k++)
            y[i] += x[i];
    }
}
