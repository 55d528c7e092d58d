// loopsmith-test: --nest fc:11 --simd
// loopsmith-driver: fc(); float W x y
/* One accumulator per output: the inner loop reduces into acc, in vector lanes. */

#define O 5
#define I 37
float W[O][I], x[I], y[O];

void fc(void)
{
    for (int o = 0; o < O; o++) {
        float acc = 0.0f;
        for (int i = 0; i < I; i++)
            acc += W[o][i] * x[i];
        y[o] = acc;
    }
}
