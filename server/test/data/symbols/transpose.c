/* No restrict, as real code is written: reordering needs the no-alias assumption. */
void transpose(float *out, const float *in, int n, int m) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            out[j * n + i] = in[i * m + j] * 2.0f;
}
