// loopsmith-test: --nest prefix:8 --parallel
// loopsmith-driver: prefix(); float b c
// expect-refused: no loop of nest prefix:8 can run in parallel: loop i \(line 8\): loop i carries a dependence: flow dependence on b
float b[12], c[12];

void prefix(void)
{
    for (int i = 1; i < 12; i++)
        b[i] = b[i - 1] + c[i];
}
