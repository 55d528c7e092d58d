// loopsmith-test: --nest rows:11 --fission -D n=20
// loopsmith-driver: rows(20); rows(3); int A S
/* A[i] flows forward from the first part to the second: splitting is legal. */

int A[32];
int S[32][16];

void rows(int n)
{
    /* prepare each row, then fill it */
    for (int i = 0; i < n; i++) {
        A[i] = i * 7 % 5;
        S[i][0] = A[i];
    }

    for (int i = 0; i < n; i++) {
        for (int j = 1; j < 16; j++) {
            S[i][j] = S[i][j - 1] + A[i];
        }
    }
}
