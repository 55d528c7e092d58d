// loopsmith-test: --nest twice:8 --unroll i=2 --at 11
// loopsmith-driver: twice(); double a
/* Two sibling loops named i: --at picks the second. */
double a[8];

void twice(void)
{
    for (int t = 0; t < 3; t++) {
        for (int i = 0; i < 8; i++)
            a[i] += 1.0;
        for (int i = 0; i < 8; i++)
            a[i] *= 0.5;
    }
}
