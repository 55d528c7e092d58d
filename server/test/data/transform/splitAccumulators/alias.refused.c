// loopsmith-test: --nest fc:6 --split-accumulators 2 --at 7
// expect-refused: y may alias|y and w may alias|w and y may alias
/* y and w are pointer parameters that may overlap: y[o] cannot be kept in a partial sum. */

void fc(double *y, double *w, const double *x, int n) {
    for (int o = 0; o < 3; o++)
        for (int i = 0; i < n; i++)
            y[o] += w[o * n + i] * x[i];
}
