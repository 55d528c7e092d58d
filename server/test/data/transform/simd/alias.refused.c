// loopsmith-test: --nest shift:5 --simd
// expect-refused: y and x may alias \(pointer parameters\)
void shift(int n, const float *x, float *y)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] + 1.0f;
}
