/* y = W x with a row pointer per output. */
void matvec(const float *W, const float *x, float *y, int d, int n)
{
    for (int i = 0; i < d; i++) {
        const float *row = W + i * n;
        float val = 0.0f;
        for (int j = 0; j < n; j++)
            val += row[j] * x[j];
        y[i] = val;
    }
}
