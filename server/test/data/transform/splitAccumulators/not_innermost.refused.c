// loopsmith-test: --nest fc:9 --split-accumulators 2 --at 9
// expect-refused: loop o \(line 9\) is not innermost
/* The sum runs across i, the inner loop: --at names the innermost loop. */

double y[3], w[27], x[9];

void fc(void)
{
    for (int o = 0; o < 3; o++)
        for (int i = 0; i < 9; i++)
            y[o] += w[o * 9 + i] * x[i];
}
