// loopsmith-driver: run(); float X Y Z
// expect-plan: --subscripts --at 13; --accumulate-in-place t; --layout
/* Column sums walking each column with a pointer (p += cols): the walk becomes the subscript
 * A[j + cols*i], the sum is kept in the output element, and the nest reorders to walk rows.
 * Called with separate buffers and with the output inside the input (kept as written there). */
float X[30 * 20], Y[20], Z[30 * 20];

void colsum_walk(const float *A, float *sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        const float *p = A + j;
        float t = 0;
        for (int i = 0; i < rows; i++) {
            t += *p;
            p += cols;
        }
        sum[j] = t;
    }
}

void run(void)
{
    colsum_walk(X, Y, 30, 20);
    for (int q = 0; q < 30 * 20; q++) Z[q] = X[q];
    colsum_walk(Z, Z + 50, 30, 20);
}
