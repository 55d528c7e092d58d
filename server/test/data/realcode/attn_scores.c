/* Multi-head attention scores against a key cache: one query row and one key row pointer per
   head and position. */
void mha_scores(const float *Q, const float *Kc, float *att, int n_heads, int hd, int T)
{
    const int dim = n_heads * hd;
    for (int h = 0; h < n_heads; h++) {
        const float *q = Q + h * hd;
        float *a = att + h * T;
        for (int t = 0; t < T; t++) {
            const float *k = Kc + t * dim + h * hd;
            float score = 0.0f;
            for (int i = 0; i < hd; i++)
                score += q[i] * k[i];
            a[t] = score / sqrtf((float)hd);
        }
    }
}
