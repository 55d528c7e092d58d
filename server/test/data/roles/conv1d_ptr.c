/* Multi-channel 1-D conv through walking pointers, symbolic sizes (as in realcode/conv1d_ptr.c):
   the pointers' flat offsets split into dimensions using OL = L - K + 1. */
void conv1d(const float *in, const float *w, const float *bias, float *out, int C, int L, int K, int F)
{
    const int OL = L - K + 1;
    for (int f = 0; f < F; f++) {
        for (int t = 0; t < OL; t++) {
            float acc = bias[f];
            for (int c = 0; c < C; c++) {
                const float *p = in + c * L + t;
                const float *q = w + (f * C + c) * K;
                for (int k = 0; k < K; k++)
                    acc += *p++ * *q++;
            }
            out[f * OL + t] = acc;
        }
    }
}
