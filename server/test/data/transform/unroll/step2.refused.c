// loopsmith-test: --nest evens:9 --unroll i=2
// expect-refused: step 2
/* Only steps 1 and -1 are unrolled. */

int A[64];

void evens(void)
{
    for (int i = 0; i < 64; i += 2)
        A[i] = i;
}
