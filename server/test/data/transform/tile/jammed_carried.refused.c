// loopsmith-test: --nest sweep:11 --tile j=2,k=2
// loopsmith-driver: sweep(); float A
// expect-refused: not fully permutable[\s\S]*A\[i\]\[j - 1\]\[k \+ 1\]
/* Two jammed copies of i (stepping by 2) of a sweep whose j, k band has a (<, >) dependence:
 * the step does not hide it, tiling j, k stays refused. */

float A[4][6][6];

void sweep(void)
{
    for (int i = 0; i < 4; i += 2)
        for (int j = 1; j < 6; j++)
            for (int k = 0; k < 5; k++) {
                A[i][j][k] = A[i][j - 1][k + 1] + 1.0f;
                A[(i + 1)][j][k] = A[(i + 1)][j - 1][k + 1] + 1.0f;
            }
}
