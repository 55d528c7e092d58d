// loopsmith-test: --nest axpy:9 --simd
// loopsmith-driver: axpy(3); int x y
/* No dependence between iterations: a plain simd, nothing reordered. */

int x[40], y[40];

void axpy(int a)
{
    for (int i = 0; i < 40; i++)
        y[i] = a * x[i] + y[i];
}
