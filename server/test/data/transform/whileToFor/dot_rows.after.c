// loopsmith-test: --nest dot_rows:10 --while-to-for
// loopsmith-driver: dot_rows(a, b, out, ROWS, N); float a b out
/* Two pointers walked with *p++ in one expression, and a counter stepped at the end of the body. */
#define ROWS 6
#define N 9
float a[ROWS * N], b[N], out[ROWS];

void dot_rows(const float *pa0, const float *pb0, float *y, int rows, int n)
{
    for (int r = 0; r < rows; r++) {
        float acc = 0.0f;
        for (int k = 0; k < n; k++) {
            acc += pa0[r*n + k] * pb0[k];
        }
        y[r] = acc;
    }
}
