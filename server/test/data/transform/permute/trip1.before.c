// loopsmith-test: --nest single:12 --permute i,c
// loopsmith-driver: single(); int X
/* The outer loop runs once (a batch of one): swapping it inward is legal. */

#define BATCH 1
#define LEN 33

int X[BATCH][LEN];

void single(void)
{
    for (int c = 0; c < BATCH; c++) {
        for (int i = 0; i < LEN; i++) {
            X[c][i] = X[c][i] * 2 + c + i;
        }
    }
}
