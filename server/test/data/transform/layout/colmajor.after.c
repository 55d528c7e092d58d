// loopsmith-test: --nest twice:14 --layout
// loopsmith-driver: twice(); int A B
/* Column-major walk of row-major arrays: layout makes j innermost. */

#define ROWS 9
#define COLS 14

int A[ROWS][COLS];
int B[ROWS][COLS];

void twice(void)
{
    // column by column
    for (int i = 0; i < ROWS; i++)
        for (int j = 0; j < COLS; j++)
            A[i][j] = 2 * B[i][j] - j; /* scaled */
}
