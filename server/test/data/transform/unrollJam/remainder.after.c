// loopsmith-test: --nest rows:11 --unroll-jam i=3
// loopsmith-driver: rows(); int A B
/* 7 rows by 3: two jammed passes, then the last row runs the original nest. */

#define R 7
#define S 4
int A[R][S], B[R][S];

void rows(void)
{
    for (int i = 0; i + 2 < R; i += 3) {
        for (int j = 0; j < S; j++) {
            B[i][j] = A[i][j] * 3 + i;
            B[(i + 1)][j] = A[(i + 1)][j] * 3 + (i + 1);
            B[(i + 2)][j] = A[(i + 2)][j] * 3 + (i + 2);
        }
    }
    for (int i = 0 + ((R) - (0)) / 3 * 3; i < R; i++) {
        for (int j = 0; j < S; j++) {
            B[i][j] = A[i][j] * 3 + i;
        }
    }
}
