// loopsmith-test: --nest colmax:13 --subscripts
// loopsmith-driver: colmax(a, mx, 6, 5); float a mx
/* A pointer of the loop's own: each iteration of c sets p afresh (p = src + c), reads through
 * it, and steps it down the column in both loops; nothing outside c uses it. Every dereference
 * becomes the subscript the walk reaches, and p, its resets and its steps go. */
float a[6 * 5], mx[5];

void colmax(const float *src, float *dst, int rows, int cols)
{
    float m;
    int r, c;
    for (c = 0; c < cols; c++) {
        m = src[c];
        for (r = 1; r < rows; r++) {
            if (src[c + cols*r] > m) m = src[c + cols*r];
        }
        dst[c] = m;
    }
}
