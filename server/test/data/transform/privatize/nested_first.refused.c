// loopsmith-test: --nest run:9 --privatize s
// expect-refused: no loop has just set it
/* The first use of s is inside an if: an iteration that skips it reads the previous value. */
float x[8], y[8];

void run(int n)
{
    float s;
    for (int i = 0; i < n; i++) {
        if (x[i] > 0) s = x[i];
        y[i] = s;
    }
}
