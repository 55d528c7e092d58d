// loopsmith-test: --nest copy:7 --permute j,i -D n=32
// expect-refused: may alias
/* dst and src are plain pointers: they may overlap, so no order is proven safe. */

void copy(float *dst, const float *src, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            dst[j * n + i] = src[i * n + j] + 1.0f;
}
