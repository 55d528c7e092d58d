// loopsmith-test: --nest rowstats:12 --fission -D n=8
// loopsmith-driver: rowstats(8); rowstats(3); float A S P
/* Both loops read through the row pointer: its declaration is pure and never changed, so each
   part gets its own copy. */

float A[8][16];
float S[8];
float P[8];

void rowstats(int n)
{
    for (int i = 0; i < n; i++) {
        const float *row = A[i];
        const int last = 15;
        for (int j = 0; j < 16; j++)
            S[i] += row[j];
        for (int j = 0; j < last; j++)
            P[i] = row[j] > P[i] ? row[j] : P[i];
    }
}
