// loopsmith-test: --nest mv:9 --scalar-replace out
// loopsmith-driver: mv(7, 5, A, x, y); float A x y
/* Pointer parameters declared restrict cannot overlap: y[i] is kept in a local. */

float A[7 * 5], x[5], y[7];

void mv(int m, int n, const float *restrict a, const float *restrict v, float *restrict out)
{
    for (int i = 0; i < m; i++) {
        float out_i = out[i];
        for (int j = 0; j < n; j++)
            out_i += a[i * n + j] * v[j];
        out[i] = out_i;
    }
}
