// loopsmith-test: --nest saxpy:12 --tile i=3
// loopsmith-driver: saxpy(); double X Y
/* An inclusive bound (<=) and a single-loop band. */

#define LEN 20

double X[LEN];
double Y[LEN];

void saxpy(void)
{
    for (int i_t = 1; i_t <= LEN - 1; i_t += 3)
        for (int i = i_t; i <= (i_t + 2 < LEN - 1 ? i_t + 2 : LEN - 1); i++)
            Y[i] = 2.0 * X[i] + Y[i];
}
