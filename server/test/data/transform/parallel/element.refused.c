// loopsmith-test: --nest total:8 --parallel
// loopsmith-driver: total(); float a y
// expect-refused: keep y\[0\] in a local first: --scalar-replace y
float a[16], y[1];

void total(void)
{
    for (int i = 0; i < 16; i++)
        y[0] += a[i];
}
