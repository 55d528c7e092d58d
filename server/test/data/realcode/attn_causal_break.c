/* Scores of one query against the key cache up to its position: later keys end the loop with break. */
void causal_scores(const float *q, const float *kc, float *att, int T, int hd, int pos)
{
    for (int t = 0; t < T; t++) {
        if (t > pos) break;
        const float *k = kc + t * hd;
        float s = 0.0f;
        for (int i = 0; i < hd; i++)
            s += q[i] * k[i];
        att[t] = s;
    }
}
