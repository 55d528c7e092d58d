// loopsmith-test: --nest best:9 --scalar-expand m
// loopsmith-driver: best(); int A r
/* A declaration without a value disappears: the element is assigned where m was. */

int A[4][6], r[4];

void best(void)
{
    int m[4];
    for (int i = 0; i < 4; i++) {
        m[i] = A[i][0];
        for (int j = 1; j < 6; j++)
            if (A[i][j] > m[i]) m[i] = A[i][j];
        r[i] = m[i];
    }
}
