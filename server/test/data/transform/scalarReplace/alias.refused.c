// loopsmith-test: --nest mv:7 --scalar-replace out
// expect-refused: out and a may alias \(pointer parameters\); declare them restrict, or assume they do not
/* Without restrict, out[i] may be one of the a[i * n + j] the loop reads. */

void mv(int m, int n, const float *a, const float *v, float *out)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            out[i] += a[i * n + j] * v[j];
}
