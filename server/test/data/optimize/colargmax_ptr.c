// loopsmith-driver: run(); float X T; int32_t I J K
// expect-plan: --subscripts --at 17; --privatize best; --privatize bi; --scalar-expand best --max-trips c=400; --scalar-expand bi --max-trips c=400; --layout
/* A column argmax (a classifier's best class per sample of a batch stored by rows), C89 style:
 * the best value and its row move together, so neither can be expanded alone and the loops
 * reordered; both become arrays of one element per column, and the nest splits and reorders to
 * walk rows (each column still scanned in row order, ties kept by the first row: identical).
 * Called on random data, on data full of ties, and with the output inside the input (the code
 * as written runs there). */
float X[600 * 400], T[600 * 400];
int32_t I[400], J[400], K[600 * 400];

void colargmax(const float *s, int rows, int cols, int32_t *out)
{
    const float *p;
    float best;
    int r, c, bi;
    for (c = 0; c < cols; c++) {
        p = s + c;
        best = *p;
        bi = 0;
        for (r = 1; r < rows; r++) {
            p += cols;
            if (*p > best) { best = *p; bi = r; }
        }
        out[c] = bi;
    }
}

void run(void)
{
    colargmax(X, 600, 400, I);
    for (int q = 0; q < 600 * 400; q++) T[q] = (float)(q % 7);
    colargmax(T, 600, 400, J);
    for (int q = 0; q < 600 * 400; q++) X[q] = (float)K[q];
    colargmax(X, 600, 400, (int32_t *)X + 100);
}
