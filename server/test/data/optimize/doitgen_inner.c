// loopsmith-driver: run(); double A
// expect-plan: --fission --at 15; --permute s,p --at 19
/* PolyBench's doitgen: the p loop holds sum[p] = 0 beside the s loop, so s cannot move outside
 * p until the p loop is split at its own level; then s, p walks C4 by rows (measured at LARGE:
 * 7.2x over gcc -O3). The split alone changes nothing and is not kept without the reorder. */
#define NR 10
#define NQ 12
#define NP 64
double A[NR][NQ][NP], C4[NP][NP], sum[NP];

static void kernel(int nr, int nq, int np, double A[restrict NR][NQ][NP], double C4[restrict NP][NP], double sum[restrict NP])
{
    for (int r = 0; r < nr; r++)
        for (int q = 0; q < nq; q++) {
            for (int p = 0; p < np; p++) {
                sum[p] = 0.0;
                for (int s = 0; s < np; s++)
                    sum[p] += A[r][q][s] * C4[s][p];
            }
            for (int p = 0; p < np; p++)
                A[r][q][p] = sum[p];
        }
}

void run(void)
{
    for (int i = 0; i < NP; i++)
        for (int j = 0; j < NP; j++)
            C4[i][j] = (double)((i * j) % 7) / 7.0;
    for (int r = 0; r < NR; r++)
        for (int q = 0; q < NQ; q++)
            for (int p = 0; p < NP; p++)
                A[r][q][p] = (double)((r * q + p) % 5);
    kernel(NR, NQ, NP, A, C4, sum);
}
