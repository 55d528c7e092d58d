// loopsmith-test: --nest fc:12 --split-accumulators 4 --at 13
// loopsmith-driver: fc(); double y w x
/* A fully connected layer: y[o] is invariant in the inner loop i, so it is loaded into the
 * first partial sum before the loop and stored after it. */

#define OUT 3
#define IN 9
double y[OUT], w[OUT * IN], x[IN];

void fc(void)
{
    for (int o = 0; o < OUT; o++)
        for (int i = 0; i < IN; i++)
            y[o] += w[o * IN + i] * x[i];
}
