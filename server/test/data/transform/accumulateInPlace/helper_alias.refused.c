// loopsmith-test: --nest colsum_helper:12 --accumulate-in-place t
// expect-refused: a and sum may alias
// loopsmith-driver: run(); float X
/* The column is read through a helper (analysed as if inlined): its read of a may alias sum (both
 * pointer parameters, no restrict), so sum[j] may not take the running sum. Called in place. */
float X[6 * 5];

static inline float at(const float *m, int ld, int r, int c) { return m[r * ld + c]; }

void colsum_helper(const float *a, float *sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        float t = 0;
        for (int i = 0; i < rows; i++)
            t += at(a, cols, i, j);
        sum[j] = t;
    }
}

void run(void) { colsum_helper(X, X + 7, 5, 6); }
