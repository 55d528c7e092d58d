// loopsmith-test: --nest walk:9 --subscripts
// expect-refused: walks no pointer
/* p is reset only on some iterations: otherwise it goes on from where the last one left it. */
float a[6 * 5], s[5];

void walk(const float *src, int rows, int cols)
{
    const float *p = src;
    for (int c = 0; c < cols; c++) {
        if (c % 2 == 0) p = src + c;
        float t = 0;
        for (int r = 0; r < rows; r++) {
            t += *p;
            p += cols;
        }
        s[c] = t;
    }
}
