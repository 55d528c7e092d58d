// loopsmith-test: --nest fc:12 --split-accumulators 4 --at 13
// loopsmith-driver: fc(); double y w x
/* A fully connected layer: y[o] is invariant in the inner loop i, so it is loaded into the
 * first partial sum before the loop and stored after it. */

#define OUT 3
#define IN 9
double y[OUT], w[OUT * IN], x[IN];

void fc(void)
{
    for (int o = 0; o < OUT; o++) {
        double y_o0 = y[o], y_o1 = 0, y_o2 = 0, y_o3 = 0;
        for (int i = 0; i + 3 < IN; i += 4) {
            y_o0 += w[o * IN + i] * x[i];
            y_o1 += w[o * IN + (i + 1)] * x[(i + 1)];
            y_o2 += w[o * IN + (i + 2)] * x[(i + 2)];
            y_o3 += w[o * IN + (i + 3)] * x[(i + 3)];
        }
        y[o] = y_o0 + y_o1 + y_o2 + y_o3;
        for (int i = 0 + ((IN) - (0)) / 4 * 4; i < IN; i++)
            y[o] += w[o * IN + i] * x[i];
    }
}
