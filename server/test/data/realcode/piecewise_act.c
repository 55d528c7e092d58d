/* A piecewise activation by position: if / else if / else on the index. */
void piecewise(const float *x, float *y, int n, int a, int b)
{
    for (int i = 0; i < n; i++) {
        if (i < a)
            y[i] = x[i] * 2.0f;
        else if (i < b)
            y[i] = x[i] + 1.0f;
        else
            y[i] = 0.0f;
    }
}
