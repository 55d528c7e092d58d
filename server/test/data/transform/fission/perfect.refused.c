// loopsmith-test: --nest perfect:9 --fission
// expect-refused: single part
/* A perfect nest: the innermost body is one statement, there is nothing to split. */

int A[8][8];

void perfect(void)
{
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            A[i][j] = i + j;
}
