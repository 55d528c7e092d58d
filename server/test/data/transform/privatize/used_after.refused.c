// loopsmith-test: --nest last:9 --privatize m
// expect-refused: no loop has just set it
/* m is read after the loop: its last value flows out, so it stays where it is declared. */
float x[8], y[8];

float last(int n)
{
    float m;
    for (int i = 0; i < n; i++) {
        m = x[i] * 2;
        y[i] = m;
    }
    return m;
}
