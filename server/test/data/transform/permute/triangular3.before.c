// loopsmith-test: --nest upper3:12 --permute k,i,j
// loopsmith-driver: upper3(); double A B
/* Three loops, each bounded by the one outside it (j above the diagonal, k from j): moved to
 * k, i, j, the bounds are derived from the domain: k from 1, i below k, j between i and k. */
#define N 13

double A[N][N], B[N][N];

void upper3(void)
{
    int i, j, k;
    for (i = 0; i < N; i++)
        for (j = i + 1; j < N; j++)
            for (k = j; k <= N - 1; k++)
                A[i][k] += B[j][k] * (i + 1) + j - k;
}
