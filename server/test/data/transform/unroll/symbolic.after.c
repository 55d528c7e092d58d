// loopsmith-test: --nest prefix:10 --unroll i=3
// loopsmith-driver: prefix(0); prefix(1); prefix(7); prefix(30); long S
/* Symbolic inclusive bound, variable declared outside; S[i] reads S[i - 1] (order is kept). */

long S[32];

void prefix(int n)
{
    int i;
    for (i = 1; i + 2 <= n; i += 3) {
        S[i] = S[i - 1] + 2 * S[i] + i;
        S[(i + 1)] = S[(i + 1) - 1] + 2 * S[(i + 1)] + (i + 1);
        S[(i + 2)] = S[(i + 2) - 1] + 2 * S[(i + 2)] + (i + 2);
    }
    for (i = 1 + ((n) - (1) + 1) / 3 * 3; i <= n; i++)
        S[i] = S[i - 1] + 2 * S[i] + i;
}
