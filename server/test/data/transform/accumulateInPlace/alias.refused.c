// loopsmith-test: --nest dot:6 --accumulate-in-place s
// expect-refused: may alias
/* out may overlap a or b: accumulating in out[i] could change what the loop reads. */

void dot(float *out, const float *a, const float *b, int n) {
    for (int i = 0; i < 4; i++) {
        float s = 0.0f;
        for (int k = 0; k < n; k++)
            s += a[i * n + k] * b[k];
        out[i] = s;
    }
}
