// loopsmith-test: --nest priv:10 --fission
// expect-refused: t is private to one iteration of i
/* t is declared in the i loop and used on both sides of the split. */

float A[32];
float S[32][8];

void priv(void)
{
    for (int i = 0; i < 32; i++) {
        float t = A[i] * 2.0f;
        for (int j = 0; j < 8; j++)
            S[i][j] = t + (float)j;
    }
}
