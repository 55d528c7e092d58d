// loopsmith-test: --nest prefix:10 --unroll i=3
// loopsmith-driver: prefix(0); prefix(1); prefix(7); prefix(30); long S
/* Symbolic inclusive bound, variable declared outside; S[i] reads S[i - 1] (order is kept). */

long S[32];

void prefix(int n)
{
    int i;
    for (i = 1; i <= n; i++)
        S[i] = S[i - 1] + 2 * S[i] + i;
}
