// loopsmith-test: --nest running:13 --while-to-for
// loopsmith-driver: running(in, out, ROWS, COLS); float in out
/* The pointer is declared outside the loop around the while: each row goes on where the last
 * one stopped, so its walk is not a subscript of the row alone: it keeps its steps; only the
 * countdown becomes a for loop. */
#define ROWS 4
#define COLS 8
float in[ROWS * COLS], out[ROWS];

void running(const float *src, float *dst, int rows, int cols)
{
    const float *p = src;
    for (int r = 0; r < rows; r++) {
        float s = 0;
        for (int cnt = 0; cnt < cols; cnt++) {
            s += *p++;
        }
        dst[r] = s;
    }
}
