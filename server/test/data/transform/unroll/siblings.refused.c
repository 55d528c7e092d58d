// loopsmith-test: --nest twice:7 --unroll i=2
// expect-refused: several loops are named i \(lines 8, 10\)
double a[8];

void twice(void)
{
    for (int t = 0; t < 3; t++) {
        for (int i = 0; i < 8; i++)
            a[i] += 1.0;
        for (int i = 0; i < 8; i++)
            a[i] *= 0.5;
    }
}
