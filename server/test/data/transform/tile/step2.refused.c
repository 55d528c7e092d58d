// loopsmith-test: --nest evens:9 --tile i=8
// expect-refused: step 2
/* A non-unit step is not tiled (the tile loop would need the step folded in). */

int A[64];

void evens(void)
{
    for (int i = 0; i < 64; i += 2)
        A[i] = i;
}
