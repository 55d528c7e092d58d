// loopsmith-driver: run(); float X Y
// expect-plan: none
/* Column sums through an element helper (analysed as if inlined), sizes as parameters: the walk
 * down a column is the helper's, and the search must see it. Split accumulators would break gcc's
 * vectorisation of j (measured 0.25x at 3000x3000); the reorder needs restrict (a may alias sum). */
float X[30 * 20], Y[20];

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

void run(void) { colsum_helper(X, Y, 30, 20); }
