// loopsmith-test: --nest sum:7 --accumulate-in-place s
// expect-refused: each step would round differently
/* A double accumulator stored to a float: accumulating in the float would round at every step. */
float a[8][8], r[8];

void sum(void) {
    for (int i = 0; i < 8; i++) {
        double s = 0.0;
        for (int k = 0; k < 8; k++)
            s += a[i][k];
        r[i] = s;
    }
}
