// loopsmith-test: --nest prefix:11 --split-accumulators 2
// loopsmith-driver: prefix(); float a p
// expect-refused: s is accumulated in loop k and also used elsewhere
/* A prefix sum reads the running total in every iteration: a partial sum would be wrong. */

float a[8], p[8];

void prefix(void)
{
    float s = 0.0f;
    for (int k = 0; k < 8; k++) {
        s += a[k];
        p[k] = s;
    }
}
