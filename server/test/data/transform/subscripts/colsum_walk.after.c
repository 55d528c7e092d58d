// loopsmith-test: --nest colsum_walk:11 --subscripts --at 14
// loopsmith-driver: colsum_walk(a, s, ROWS, COLS); float a s
/* Column sums walking each column with a pointer stepped by the row length: the inner loop's
 * walk becomes the subscript A[j + cols*i], which the nest can then be reordered by. */
#define ROWS 7
#define COLS 6
float a[ROWS * COLS], s[COLS];

void colsum_walk(const float *A, float *sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        float t = 0;
        for (int i = 0; i < rows; i++) {
            t += A[j + cols*i];
        }
        sum[j] = t;
    }
}
