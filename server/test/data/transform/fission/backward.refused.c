// loopsmith-test: --nest back:10 --fission
// expect-refused: flow dependence on A
/* The loop reads A[i - 1], which the statement after it wrote one iteration earlier. */

int A[64];
int S[64][8];

void back(void)
{
    for (int i = 1; i < 64; i++) {
        for (int j = 0; j < 8; j++)
            S[i][j] = A[i - 1] + j;
        A[i] = S[i][7] * 2;
    }
}
