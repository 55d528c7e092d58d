// loopsmith-test: --nest priv:11 --fission
// expect-refused: single part once each declaration stays with its uses \(t\)
/* t is declared in the i loop and used only by the inner loop: its declaration stays with
   that use, which leaves one part, nothing to split. */

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
