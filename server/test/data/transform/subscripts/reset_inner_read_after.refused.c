// loopsmith-test: --nest walk:9 --subscripts
// expect-refused: walks no pointer
/* p is reset in each iteration of r but read after that loop, where it holds the last row's. */
float a[6 * 5], s[5], t[5];

void walk(const float *src, int rows, int cols)
{
    const float *p = src;
    for (int c = 0; c < cols; c++) {
        float acc = 0;
        for (int r = 0; r < rows; r++) {
            p = src + r * cols + c;
            acc += *p;
            p++;
        }
        s[c] = acc;
        t[c] = *p;
    }
}
