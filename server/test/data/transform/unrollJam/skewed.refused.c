// loopsmith-test: --nest skew:7 --unroll-jam i=2
// expect-refused: flow dependence on A.*\(<, >\)
float A[64][64];

void skew(void)
{
    for (int i = 1; i < 64; i++)
        for (int j = 0; j < 63; j++)
            A[i][j] = A[i - 1][j + 1] + 1.0f;
}
