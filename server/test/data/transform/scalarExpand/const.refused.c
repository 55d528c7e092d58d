// loopsmith-test: --nest scale:7 --scalar-expand f
// expect-refused: f is declared const float
float a[8][8];

void scale(void)
{
    for (int i = 0; i < 8; i++) {
        const float f = a[i][0];
        for (int j = 0; j < 8; j++)
            a[i][j] = a[i][j] * f;
    }
}
