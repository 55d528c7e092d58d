// loopsmith-test: --nest rows:11 --fission --at 13
// loopsmith-driver: rows(); float a b c s
// expect-refused: would reverse a dependence[\s\S]*c\[i\]\[j\]\[k\]
/* Within one plane, a[i][j][k] reads c[i][j - 1][k], which the second part wrote in the
 * previous iteration of j: split, every a of the plane would come before any c. */

float a[5][4][3], b[5][4][3], c[5][4][3], s[5];

void rows(void)
{
    for (int i = 1; i < 5; i++) {
        s[i] = 1.0f;
        for (int j = 1; j < 4; j++) {
            for (int k = 0; k < 3; k++)
                a[i][j][k] = c[i][j - 1][k] * 0.5f + s[i];
            for (int k = 0; k < 3; k++)
                c[i][j][k] = a[i][j][k] + b[i][j][k];
        }
    }
}
