// loopsmith-test: --nest rows:5 --scalar-expand t
// expect-refused: the trip count of loop i \(n\) is not fixed by the source
void rows(int n, int m, const float *a, float *out)
{
    for (int i = 0; i < n; i++) {
        float t = 0.0f;
        for (int j = 0; j < m; j++)
            t += a[i * m + j];
        out[i] = t;
    }
}
