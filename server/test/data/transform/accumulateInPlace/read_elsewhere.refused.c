// loopsmith-test: --nest prefix:7 --accumulate-in-place s
// expect-refused: also refers to p
/* The running sum is read from p inside the loop: p[i] holds it only at the end. */
float a[8][8], p[8];

void prefix(void) {
    for (int i = 1; i < 8; i++) {
        float s = 0.0f;
        for (int k = 0; k < 8; k++)
            s += a[i][k] * p[i - 1];
        p[i] = s;
    }
}
