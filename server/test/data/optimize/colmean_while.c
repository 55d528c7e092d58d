// loopsmith-driver: run(); float X Y Z
// expect-plan: --while-to-for --at 15; --accumulate-in-place s; --layout
/* Column means written as CMSIS-style code: a pointer walked down each column and a countdown.
 * The while becomes a for loop with subscripts (in[x + w*cnt]), the sum is kept in the output
 * element, and the nest reorders to walk the rows contiguously. Called with separate buffers and
 * with the output over the input (the overlap check keeps the latter as written). */
float X[24 * 40], Y[40], Z[24 * 40];

void colmean(const float *in, float *out, int h, int w)
{
    for (int x = 0; x < w; x++) {
        const float *p = in + x;
        float s = 0;
        int cnt = h;
        while (cnt--) {
            s += *p;
            p += w;
        }
        out[x] = s / h;
    }
}

void run(void)
{
    colmean(X, Y, 24, 40);
    for (int q = 0; q < 24 * 40; q++) Z[q] = X[q];
    colmean(Z, Z + 100, 24, 40);
}
