// loopsmith-test: --nest colmax:11 --privatize m
// loopsmith-driver: colmax(a, mx, 6, 5); float a mx
/* A column's running maximum in a C89-style temporary declared at the top: each iteration of
 * c sets m before reading it, and nothing after the loop reads it, so it is declared there. */
float a[6 * 5], mx[5];

void colmax(const float *src, float *dst, int rows, int cols)
{
    int r, c;
    for (c = 0; c < cols; c++) {
        float m = src[c];
        for (r = 1; r < rows; r++) {
            if (src[c + cols * r] > m) m = src[c + cols * r];
        }
        dst[c] = m;
    }
}
