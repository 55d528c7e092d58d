// loopsmith-test: --nest weigh:11 --while-to-for
// expect-refused: reads the counter cnt
// loopsmith-driver: weigh(in, out, ROWS, COLS); float in out
/* The body reads the countdown itself (a weight falling with it): not rewritten. */
#define ROWS 4
#define COLS 8
float in[ROWS * COLS], out[ROWS];

void weigh(const float *src, float *dst, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *p = src + r * cols;
        float s = 0;
        int cnt = cols;
        while (cnt--) {
            s += *p++ * cnt;
        }
        dst[r] = s;
    }
}
