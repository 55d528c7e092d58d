// loopsmith-test: --nest run:10 --privatize s
// expect-refused: address of s is taken
/* A pointer to s is passed on: the callee could keep it. */
float x[8], y[8];
void keep(float *p);

void run(int n)
{
    float s;
    for (int i = 0; i < n; i++) {
        s = x[i];
        keep(&s);
        y[i] = s;
    }
}
