// loopsmith-test: --nest mm:7 --scalar-replace C --at 8
// expect-refused: loop j \(line 8\) is not an innermost loop
float A[6][5], B[5][6], C[6][6];

void mm(void)
{
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            for (int k = 0; k < 5; k++)
                C[i][j] += A[i][k] * B[k][j];
}
