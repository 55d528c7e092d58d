// loopsmith-test: --nest dot:11 --split-accumulators 4
// loopsmith-driver: dot(); float a b out
/* A dot product: one chain of dependent additions. Four partial sums are four independent
 * chains; 10 is not a multiple of 4, so a remainder loop adds the last two terms. */

float a[10], b[10], out[1];

void dot(void)
{
    float s = 0.0f;
    for (int k = 0; k < 10; k++)
        s += a[k] * b[k];
    out[0] = s;
}
