// loopsmith-test: --nest wave2:9 --unroll-jam i=2 -D n=6 -D m=5
// expect-refused: dependence on a: .* in put\(\)
/* Unroll-and-jam of i moves put() calls of row i+1 before those of row i. */

void put(float *a, int i, int j, int m) { a[i * m + j] = a[(i - 1) * m + j + 1] + 1.0f; }

void wave2(float *restrict a, int n, int m)
{
    for (int i = 1; i < n; i++)
        for (int j = 0; j < m - 1; j++)
            put(a, i, j, m);
}
