// loopsmith-test: --nest prefix:8 --accumulate-in-place s
// loopsmith-driver: prefix(); float a p
/* The body reads p[i - 1], which the previous iteration finished: only the element's own
 * iteration sees its partial sums, so it accumulates in place. */
float a[8][8], p[8];

void prefix(void) {
    for (int i = 1; i < 8; i++) {
        p[i] = 0.0f;
        for (int k = 0; k < 8; k++)
            p[i] += a[i][k] * p[i - 1];
    }
}
