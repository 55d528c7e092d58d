// loopsmith-test: --nest isum:12 --split-accumulators 2
// loopsmith-driver: isum(); int c out
/* An integer sum written `t = t - c[k]`: exact in any order; 8 is a multiple of 2, so no
 * remainder loop. */

#define N 8
int c[N], out[1];

void isum(void)
{
    int t = 1;
    for (int k = 0; k < N; k++)
        t = t - c[k];
    out[0] = t;
}
