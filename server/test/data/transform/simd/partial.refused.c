// loopsmith-test: --nest running:9 --simd
// loopsmith-driver: running(); float a b
// expect-refused: loop k carries a dependence: flow dependence on s: s \(line 10\) to s \(line 11\)
float a[16], b[16];

void running(void)
{
    float s = 0.0f;
    for (int k = 0; k < 16; k++) {
        s += a[k];
        b[k] = s;
    }
}
