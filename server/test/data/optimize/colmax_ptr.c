// loopsmith-driver: run(); float X Y Z
// expect-plan: --subscripts --at 15; --privatize m; --accumulate-in-place m; --layout
/* A column's running maximum, C89 style: p and m declared at the top, p set afresh for each
 * column and stepped down it, the max kept by an if. The walk becomes subscripts, m is declared
 * in the column loop and kept in the output element, and the nest splits and reorders to walk
 * rows (the max of each column still taken in row order: bit-identical). Called with separate
 * buffers and with the output inside the input (the code as written runs there). */
float X[600 * 400], Y[400], Z[600 * 400];

void colmax(const float *src, float *dst, int rows, int cols)
{
    const float *p;
    float m;
    int r, c;
    for (c = 0; c < cols; c++) {
        p = src + c;
        m = *p;
        p += cols;
        for (r = 1; r < rows; r++) {
            if (*p > m) m = *p;
            p += cols;
        }
        dst[c] = m;
    }
}

void run(void)
{
    colmax(X, Y, 600, 400);
    for (int q = 0; q < 600 * 400; q++) Z[q] = X[q];
    colmax(Z, Z + 50, 600, 400);
}
