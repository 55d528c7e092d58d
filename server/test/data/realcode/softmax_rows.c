/* Row-wise softmax in place: max, exponentials through a helper, normalisation. */
static float fast_exp(float x)
{
    return expf(x);
}

void softmax_rows(float *x, int rows, int n)
{
    for (int r = 0; r < rows; r++) {
        float *p = x + r * n;
        float mx = p[0];
        for (int i = 1; i < n; i++)
            mx = fmaxf(mx, p[i]);
        float sum = 0.0f;
        for (int i = 0; i < n; i++) {
            p[i] = fast_exp(p[i] - mx);
            sum += p[i];
        }
        for (int i = 0; i < n; i++)
            p[i] /= sum;
    }
}
