// loopsmith-test: --nest scale:10 --permute j,i
// loopsmith-driver: scale(37, 29); scale(0, 5); double A
/* Symbolic bounds: n and m are parameters, not known to Loopsmith. */

double A[64][64];

void scale(int n, int m)
{
    int i, j;
    for (j = 0; j < m; j++)
        for (i = 0; i < n; i++)
            A[j][i] = A[j][i] * 1.5 + (double)(i - j);
}
