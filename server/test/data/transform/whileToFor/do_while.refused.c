// loopsmith-test: --nest rows_do:11 --while-to-for
// expect-refused: do-while runs its body at least once
// loopsmith-driver: rows_do(in, out, ROWS, COLS); float in out
/* A do-while runs its body once even when the count is 0: a for loop would not. */
#define ROWS 4
#define COLS 8
float in[ROWS * COLS], out[ROWS];

void rows_do(const float *src, float *dst, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *p = src + r * cols;
        float s = 0;
        int cnt = cols;
        do {
            s += *p++;
        } while (--cnt);
        dst[r] = s;
    }
}
