// loopsmith-driver: run(); float X W Y Z
// expect-plan: accumulate-in-place acc; --layout
/* An FC layer whose weights are stored input-major (w[i][o]) and whose store applies a ReLU, as
 * an exported model's C often is: the dot product walks a column of w. The sum is accumulated in
 * y[o] (the ReLU then applied to y[o] itself), so the band reorders to walk w by rows. Called
 * with separate buffers and in place (y over x): the overlap check keeps the latter as written. */
float X[40], W[40 * 24], Y[24], Z[64];

static inline float relu(float v) { return v > 0 ? v : 0; }

void fc(int in, int out, const float *w, const float *x, float *y)
{
    for (int o = 0; o < out; o++) {
        float acc = 0;
        for (int i = 0; i < in; i++)
            acc += w[i * out + o] * x[i];
        y[o] = relu(acc);
    }
}

void run(void)
{
    fc(40, 24, W, X, Y);
    for (int q = 0; q < 40; q++) Z[q] = X[q];
    fc(40, 24, W, Z, Z + 8);
}
