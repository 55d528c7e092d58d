/* Issue 7, reproducer 5: index arithmetic only, no arithmetic on data. */
void gather(float *out, const float *in, int channels, int n, int k) {
    for (int c = 0; c < channels; ++c) { int off = c % k;
        for (int h = 0; h < n; ++h) { int row = off + h * k; out[c * n + h] = in[row]; } } }
