// loopsmith-test: --nest colmax:13 --subscripts
// loopsmith-driver: colmax(a, mx, 6, 5); float a mx
/* A pointer of the loop's own: each iteration of c sets p afresh (p = src + c), reads through
 * it, and steps it down the column in both loops; nothing outside c uses it. Every dereference
 * becomes the subscript the walk reaches, and p, its resets and its steps go. */
float a[6 * 5], mx[5];

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
