// loopsmith-test: --nest rowsum:9 --scalar-replace X
// loopsmith-driver: rowsum(); float X
// expect-refused: X\[i\]\[0\] \(line 11\) cannot be kept in a local across loop k: X\[i\]\[k\] \(line 11\) may touch the same element
/* X[i][k] reads X[i][0] itself when k = 0: the element is not the loop's alone. */
float X[8][8];

void rowsum(void)
{
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 8; k++)
            X[i][0] += X[i][k];
}
