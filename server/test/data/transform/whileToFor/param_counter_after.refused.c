// loopsmith-test: --nest tail:9 --while-to-for
// expect-refused: the parameter n is used after the loop
/* The parameter counter is read after the loop, where it holds -1: not rewritten. */
#define N 9
float out[N];

int tail(float *dst, int n)
{
    while (n--)
        dst[n] = 1.0f;
    return n;
}
