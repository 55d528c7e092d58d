// loopsmith-test: --nest ne:9 --unroll i=2
// expect-refused: not of the form i < bound
/* i != 64 is not a bound the main loop can be shortened against. */

int A[64];

void ne(void)
{
    for (int i = 0; i != 64; i++)
        A[i] = i;
}
