// loopsmith-test: --nest fill:10 --while-to-for
// loopsmith-driver: fill(out, N); float out
/* The pointer parameter is read after the loop (where it points past the block): it keeps its
 * walk; the count, read nowhere else, still becomes a for loop with a counter of its own. */
#define N 9
float out[N + 1];

void fill(float *dst, int n)
{
    while (n--)
        *dst++ = 2.0f;
    *dst = 7.0f;
}
