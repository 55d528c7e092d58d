// loopsmith-test: --nest prefix:7 --accumulate-in-place s
// expect-refused: also refers to p
/* The body reads p[i], its own element: accumulating there, it would read the partial sums. */
float a[8][8], p[8];

void prefix(void) {
    for (int i = 1; i < 8; i++) {
        float s = 0.0f;
        for (int k = 0; k < 8; k++)
            s += a[i][k] * p[i];
        p[i] = s;
    }
}
