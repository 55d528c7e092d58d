// loopsmith-test: --nest run:9 --privatize s
// expect-refused: no loop has just set it
/* s is read before it is set in each iteration: it carries a value from one to the next. */
float x[8], y[8];

void run(int n)
{
    float s;
    for (int i = 0; i < n; i++) {
        y[i] = s;
        s = x[i];
    }
}
