/* const locals and several declarators in loop bodies. */
void affine(float *restrict y, const float *restrict x, const float *restrict w, const float *restrict b, int n, int m)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
            const int at = i * m + j;
            const float v = x[at] * w[j];
            float t = v + b[j], u = v - b[j];
            y[at] = t * u;
        }
    }
}

/* An index local used by two statements and a loop. */
void gather(float *restrict out, const float *restrict in, int channels, int n, int k)
{
    for (int c = 0; c < channels; ++c) {
        int off = c % k;
        out[c * n] = 0.0f;
        for (int h = 1; h < n; ++h) {
            int row = off + h * k;
            out[c * n + h] = in[row];
        }
    }
}

/* Declarations without initialisers, assigned later in the body. */
void split(int *restrict q, int *restrict r, const int *restrict v, int n, int d)
{
    for (int i = 0; i < n; i++) {
        int a, b;
        a = v[i] / d;
        b = v[i] % d;
        q[i] = a;
        r[i] = b;
    }
}
