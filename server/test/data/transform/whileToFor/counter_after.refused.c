// loopsmith-test: --nest rows_left:11 --while-to-for
// expect-refused: cnt is used after the loop
// loopsmith-driver: rows_left(in, out, ROWS, COLS); float in out
/* The counter is read after the while (it ends at -1 there): a for loop would leave another value. */
#define ROWS 4
#define COLS 8
float in[ROWS * COLS], out[ROWS];

void rows_left(const float *src, float *dst, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *p = src + r * cols;
        float s = 0;
        int cnt = cols;
        while (cnt--) {
            s += *p++;
        }
        dst[r] = s + cnt;
    }
}
