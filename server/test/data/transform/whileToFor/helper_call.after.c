// loopsmith-test: --nest scaled:13 --while-to-for
// loopsmith-driver: scaled(in, out, ROWS, COLS); float in out
/* The walked pointer is passed to a helper (its value is used, not only what it points to): it keeps
 * its declaration and its step; only the countdown becomes a for loop. */
#define ROWS 4
#define COLS 8
float in[ROWS * COLS], out[ROWS];

static float first(const float *q) { return q[0]; }

void scaled(const float *src, float *dst, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *p = src + r * cols;
        float s = 0;
        for (int cnt = 0; cnt < cols; cnt++) {
            s += first(p);
            p++;
        }
        dst[r] = s;
    }
}
