// loopsmith-test: --nest one:11 --tile c=2,i=4
// loopsmith-driver: one(); int X
/* The c loop runs once: its only tile is partial. */

#define LEN 9

int X[1][LEN];

void one(void)
{
    for (int c = 0; c < 1; c++)
        for (int i = 0; i < LEN; i++)
            X[c][i] += 3 * i + c;
}
