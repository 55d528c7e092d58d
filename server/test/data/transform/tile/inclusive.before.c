// loopsmith-test: --nest saxpy:12 --tile i=3
// loopsmith-driver: saxpy(); double X Y
/* An inclusive bound (<=) and a single-loop band. */

#define LEN 20

double X[LEN];
double Y[LEN];

void saxpy(void)
{
    for (int i = 1; i <= LEN - 1; i++)
        Y[i] = 2.0 * X[i] + Y[i];
}
