// loopsmith-test: --nest pos:8 --scalar-replace S
// loopsmith-driver: pos(); float A S
// expect-refused: S\[i\] \(line 11\) runs only on some iterations of loop j
float A[6][5], S[6];

void pos(void)
{
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 5; j++)
            if (A[i][j] > 0.0f)
                S[i] += A[i][j];
}
