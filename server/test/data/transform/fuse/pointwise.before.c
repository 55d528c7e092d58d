// loopsmith-test: --nest scale_then_bias:10 --fuse
// loopsmith-driver: scale_then_bias(); float x y
/* Two element-wise passes over the same range: fusing them reads x once. */

#define N 37
float x[N], y[N];

void scale_then_bias(void)
{
    for (int i = 0; i < N; i++)
        y[i] = 2.0f * x[i];
    /* bias */
    for (int i = 0; i < N; i++) {
        y[i] = y[i] + 1.0f;
    }
}
