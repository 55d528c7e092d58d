// loopsmith-test: --nest walk:10 --subscripts
// expect-refused: walks no pointer
/* p is reset in each iteration but read after the loop (where it points past the last row):
 * it keeps its walk. */
float a[6 * 5], s[5];

const float *walk(const float *src, int rows, int cols)
{
    const float *p = src;
    for (int c = 0; c < cols; c++) {
        p = src + c;
        float t = 0;
        for (int r = 0; r < rows; r++) {
            t += *p;
            p += cols;
        }
        s[c] = t;
    }
    return p;
}
