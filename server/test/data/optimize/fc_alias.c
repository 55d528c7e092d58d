// loopsmith-driver: run(); float X Wt Bias Y Z
// expect-plan: layout
/* A fully-connected layer as a library writes it: pointer parameters without restrict, the
 * sizes as parameters. Called once with separate buffers and once in place (y over x): the
 * rewrite runs under the run-time overlap check, the code as written otherwise. */
float X[6 * 40], Wt[40 * 24], Bias[24], Y[6 * 24], Z[6 * 40];

void fc(const float *x, const float *w, const float *b, float *y, int batch, int in, int out)
{
    for (int o = 0; o < out; o++)
        for (int n = 0; n < batch; n++) {
            float s = b[o];
            for (int i = 0; i < in; i++)
                s += x[n * in + i] * w[i * out + o];
            y[n * out + o] = s;
        }
}

void run(void)
{
    fc(X, Wt, Bias, Y, 6, 40, 24);
    for (int q = 0; q < 6 * 40; q++) Z[q] = X[q];
    fc(Z, Wt, Bias, Z + 3, 6, 40, 24);
}
