// loopsmith-test: --nest relu_rows:11 --while-to-for
// loopsmith-driver: relu_rows(dst, src, ROWS, COLS); float dst src
/* A store through a walked pointer (*q++ = ...), two reads of another walked pointer in one
 * statement and a pointer that does not move (the row's scale) left as it is. */
#define ROWS 4
#define COLS 11
float dst[ROWS * COLS], src[ROWS * COLS];

void relu_rows(float *out, const float *in, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *p = in + r * cols;
        float *q = out + r * cols;
        const float *scale = in + r;
        int blk = cols;
        while (blk > 0) {
            *q++ = (p[0] > 0 ? p[0] : 0) * scale[0];
            p++;
            blk--;
        }
    }
}
