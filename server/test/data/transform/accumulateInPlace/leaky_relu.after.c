// loopsmith-test: --nest fc_leaky:10 --accumulate-in-place acc
// loopsmith-driver: fc_leaky(); float x w y
/* The store reads the sum three times (a leaky ReLU written inline): each read becomes a read of
 * the element, which holds the sum until the assignment stores the activation. */
#define IN 20
#define OUT 6
float x[IN], w[IN][OUT], y[OUT];

void fc_leaky(void) {
    for (int o = 0; o < OUT; o++) {
        y[o] = 0;
        for (int i = 0; i < IN; i++)
            y[o] += w[i][o] * x[i];
        y[o] = y[o] > 0 ? y[o] : 0.125f * y[o];
    }
}
