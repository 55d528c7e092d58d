/* Bias and ReLU, the activation a static inline helper called per element. */
static inline float relu(float x)
{
    return x > 0.0f ? x : 0.0f;
}

void bias_relu(float *y, const float *x, const float *b, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            y[i * m + j] = relu(x[i * m + j] + b[j]);
}
