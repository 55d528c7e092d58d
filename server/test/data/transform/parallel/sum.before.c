// loopsmith-test: --nest sum:11 --parallel
// loopsmith-driver: sum(); double A s
/* PolyBench style: i and j declared outside the loops; s reduced across both. */

double A[10][12], s[1];

void sum(void)
{
    int i, j;
    double t = 0.0;
    for (i = 0; i < 10; i++)
        for (j = 0; j < 12; j++)
            t += A[i][j];
    s[0] = t + (double)i;
}
