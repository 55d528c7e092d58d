/* Attention output: per head, the weighted sum of the value rows of the cache. */
void mha_mix(const float *att, const float *Vc, float *out, int n_heads, int hd, int T)
{
    const int dim = n_heads * hd;
    for (int h = 0; h < n_heads; h++) {
        float *o = out + h * hd;
        for (int i = 0; i < hd; i++)
            o[i] = 0.0f;
        for (int t = 0; t < T; t++) {
            const float *v = Vc + t * dim + h * hd;
            const float w = att[h * T + t];
            for (int i = 0; i < hd; i++)
                o[i] += w * v[i];
        }
    }
}
