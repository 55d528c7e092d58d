/* Issue 7, reproducer 8: each inner loop declares its own index (darknet's scale/add pattern). */
void twopass(float *restrict x, int batch, int spatial, int filters) { int b, f, i;
    for (b = 0; b < batch; ++b) for (i = 0; i < spatial; ++i) {
        for (f = 0; f < filters; ++f) { int index = b*filters*spatial + f*spatial + i; x[index] *= 2.0f; }
        for (f = 0; f < filters; ++f) { int index = b*filters*spatial + f*spatial + i; x[index] += 1.0f; } } }
