// loopsmith-test: --nest wave:11 --parallel
// loopsmith-driver: wave(); float A
// expect-refused: flow dependence on A: A\[\(i \+ 1\)\]\[j\]
/* Two jammed rows of a wavefront (i steps by 2): row i - 1 of this iteration is row (i + 1)
 * of the previous one, so i carries a dependence and stays serial. */

float A[9][8];

void wave(void)
{
    for (int i = 1; i < 9; i += 2)
        for (int j = 0; j < 7; j++) {
            A[i][j] = A[i - 1][j + 1] * 0.5f;
            A[(i + 1)][j] = A[i][j + 1] * 0.5f;
        }
}
