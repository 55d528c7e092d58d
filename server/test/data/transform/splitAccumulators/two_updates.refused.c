// loopsmith-test: --nest two:10 --split-accumulators 2
// expect-refused: s is updated by 2 statements in loop k
/* Two updates of s per iteration: merge them into one (s += a[k] + b[k]) first. */

float a[8], b[8], out[1];

void two(void)
{
    float s = 0.0f;
    for (int k = 0; k < 8; k++) {
        s += a[k];
        s += b[k];
    }
    out[0] = s;
}
