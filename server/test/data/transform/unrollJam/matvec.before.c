// loopsmith-test: --nest matvec:11 --unroll-jam i=2
// loopsmith-driver: matvec(); float A x y
/* Two rows per pass over x: each x[j] load serves two rows. 6 rows: no remainder. */

#define R 6
#define S 9
float A[R][S], x[S], y[R];

void matvec(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++)
            y[i] += A[i][j] * x[j];
}
