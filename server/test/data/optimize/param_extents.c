// loopsmith-driver: run(); double A B C D
// expect-plan: layout
/* PolyBench's style: the sizes are parameters, the arrays are declared with the constants.
 * The plan is priced with the most the extents allow (ni <= 96, nj <= 80, nk <= 88) and must
 * hold for any size: the driver also calls it with sizes that divide no tile. */
double A[96][88], B[88][80], C[96][80], D[96][80];

void mm(int ni, int nj, int nk, double alpha, double C[96][80], double A[96][88], double B[88][80])
{
    int i, j, k;
    for (i = 0; i < ni; i++)
        for (j = 0; j < nj; j++)
            for (k = 0; k < nk; k++)
                C[i][j] += alpha * A[i][k] * B[k][j];
}

void run(void)
{
    mm(96, 80, 88, 1.5, C, A, B);
    mm(37, 29, 45, 0.5, D, A, B);
}
