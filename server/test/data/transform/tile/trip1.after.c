// loopsmith-test: --nest one:11 --tile c=2,i=4
// loopsmith-driver: one(); int X
/* The c loop runs once: its only tile is partial. */

#define LEN 9

int X[1][LEN];

void one(void)
{
    for (int c_t = 0; c_t < 1; c_t += 2)
        for (int i_t = 0; i_t < LEN; i_t += 4)
            for (int c = c_t; c < (c_t + 2 < 1 ? c_t + 2 : 1); c++)
                for (int i = i_t; i < (i_t + 4 < LEN ? i_t + 4 : LEN); i++)
                    X[c][i] += 3 * i + c;
}
