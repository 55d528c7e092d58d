// loopsmith-driver: colsum(); float a s
// expect-plan: layout
/* Column sums of a row-major matrix, walked column by column (stride COLS in the inner loop). */
#define ROWS 200
#define COLS 120

float a[ROWS][COLS], s[COLS];

void colsum(void)
{
    for (int j = 0; j < COLS; j++) {
        s[j] = 0.0f;
        for (int i = 0; i < ROWS; i++)
            s[j] += a[i][j];
    }
}
