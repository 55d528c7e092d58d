// loopsmith-test: --nest lowmm:11 --permute i,k,j
// loopsmith-driver: lowmm(); double A B C
/* The lower triangle of C += A*B: j <= i. Moving k between i and j keeps i outside j, so the
 * triangular header of j moves unchanged; the sums over k keep their order per element. */
#define N 14

double A[N][N], B[N][N], C[N][N];

void lowmm(void)
{
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j <= i; j++)
                C[i][j] += A[i][k] * B[k][j];
}
