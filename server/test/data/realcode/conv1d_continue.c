/* 1-D convolution with zero padding: taps that fall outside the input are skipped with continue. */
void conv1d_pad(const float *in, const float *w, float *out, int L, int K, int pad)
{
    const int OL = L + 2 * pad - K + 1;
    for (int t = 0; t < OL; t++) {
        float acc = 0.0f;
        for (int k = 0; k < K; k++) {
            int x = t + k - pad;
            if (x < 0 || x >= L) continue;
            acc += in[x] * w[k];
        }
        out[t] = acc;
    }
}
