// loopsmith-test: --nest tail_sum:11 --while-to-for
// loopsmith-driver: tail_sum(in, out, ROWS, COLS); float in out
/* The walked pointer is read after the while (where the walk left it): it keeps its steps; only
 * the countdown becomes a for loop. */
#define ROWS 5
#define COLS 6
float in[ROWS * (COLS + 1)], out[ROWS];

void tail_sum(const float *src, float *dst, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *p = src + r * (cols + 1);
        float s = 0;
        int cnt = cols;
        while (cnt--) {
            s += *p++;
        }
        dst[r] = s + *p;
    }
}
