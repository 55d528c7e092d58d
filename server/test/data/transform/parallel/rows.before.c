// loopsmith-test: --nest rows:8 --parallel
// loopsmith-driver: rows(); float A
/* Row i needs row i - 1: loop i carries a dependence, loop j does not. */
float A[10][12];

void rows(void)
{
    for (int i = 1; i < 10; i++)
        for (int j = 0; j < 12; j++)
            A[i][j] = A[i - 1][j] * 0.5f + 1.0f;
}
