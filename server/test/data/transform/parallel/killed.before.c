// loopsmith-test: --nest scale:9 --parallel
// loopsmith-driver: scale(); double b c r
/* t is assigned first in every iteration: private, and its last value is kept. */
double b[12], c[12], r[1];

void scale(void)
{
    double t = 0.0;
    for (int i = 0; i < 12; i++) {
        t = c[i] * 2.0;
        b[i] = t + 1.0;
    }
    r[0] = t;
}
