// loopsmith-test: --nest once:11 --unroll c=2
// loopsmith-driver: once(); int X
/* One iteration unrolled by 2: the main loop never runs and the remainder loop does all the work. */

#define BATCH 1

int X[BATCH][5];

void once(void)
{
    for (int c = 0; c < BATCH; c++) {
        X[c][0] = 7;
        X[c][4] = X[c][0] + c;
    }
}
