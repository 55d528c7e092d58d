// loopsmith-test: --nest prefix:8 --simd
// loopsmith-driver: prefix(); float b c
// expect-refused: loop i carries a dependence: flow dependence on b: b\[i\] \(line 9\) to b\[i - 1\] \(line 9\)
float b[12], c[12];

void prefix(void)
{
    for (int i = 1; i < 12; i++)
        b[i] = b[i - 1] + c[i];
}
