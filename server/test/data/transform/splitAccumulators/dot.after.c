// loopsmith-test: --nest dot:11 --split-accumulators 4
// loopsmith-driver: dot(); float a b out
/* A dot product: one chain of dependent additions. Four partial sums are four independent
 * chains; 10 is not a multiple of 4, so a remainder loop adds the last two terms. */

float a[10], b[10], out[1];

void dot(void)
{
    float s = 0.0f;
    float s0 = s, s1 = 0, s2 = 0, s3 = 0;
    for (int k = 0; k + 3 < 10; k += 4) {
        s0 += a[k] * b[k];
        s1 += a[(k + 1)] * b[(k + 1)];
        s2 += a[(k + 2)] * b[(k + 2)];
        s3 += a[(k + 3)] * b[(k + 3)];
    }
    s = s0 + s1 + s2 + s3;
    for (int k = 0 + ((10) - (0)) / 4 * 4; k < 10; k++)
        s += a[k] * b[k];
    out[0] = s;
}
