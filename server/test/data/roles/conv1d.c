/* 1-D conv (FIR filter): one window dimension, so t is W and k is S. */
#define L 100
#define T 5
float x[L + T - 1], h[T], y[L];
void fir(void)
{
    for (int t = 0; t < L; t++)
        for (int k = 0; k < T; k++)
            y[t] += h[k] * x[t + k];
}
