// loopsmith-test: --nest mv:7 --accumulate-in-place s
// expect-refused: also refers to y
/* y[i] = sum over k of a[i][k] * y[k]: at k = i the body reads the element it would accumulate in. */
float a[8][8], y[8];

void mv(void) {
    for (int i = 0; i < 8; i++) {
        float s = 0.0f;
        for (int k = 0; k < 8; k++)
            s += a[i][k] * y[k];
        y[i] = s;
    }
}
