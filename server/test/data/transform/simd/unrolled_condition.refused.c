// loopsmith-test: --nest f:10 --simd --at 12
// loopsmith-driver: f(60); float X Y
// expect-refused: not of the OpenMP form i < bound \(i \+ 3 < n\)
/* The main loop of an unrolled (or split-accumulator) loop: `i + 3 < n` is not OpenMP's
 * canonical form, so gcc -fopenmp rejects the pragma ("invalid controlling predicate"). */
float X[64], Y[8];

void f(int n)
{
    for (int o = 0; o < 8; o++) {
        float s = 0.0f;
        for (int i = 0; i + 3 < n; i += 4)
            s += X[i] + X[i + 1] + X[i + 2] + X[i + 3];
        Y[o] = s;
    }
}
