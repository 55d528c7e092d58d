// loopsmith-test: --nest rows:10 --fission --at 12
// loopsmith-driver: rows(); float a b c s
/* Split the body of loop j inside i (not the outer band, i): plane i reads plane i - 1 of c,
 * which the second part wrote in the previous iteration of i; i stays whole, so that holds. */

float a[5][4][3], b[5][4][3], c[5][4][3], s[5];

void rows(void)
{
    for (int i = 1; i < 5; i++) {
        s[i] = 1.0f;
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 3; k++)
                a[i][j][k] = c[i - 1][j][k] * 0.5f + s[i];
        }

        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 3; k++)
                c[i][j][k] = a[i][j][k] + b[i][j][k];
        }
    }
}
