// loopsmith-test: --nest wave2:9 --permute j,i -D n=6 -D m=5
// expect-refused: flow dependence on a: a\[i \* m \+ j\] in put\(\)
/* A same-file callee that writes memory: its accesses, inlined with the arguments, are dependences of the caller's loops. */

void put(float *a, int i, int j, int m) { a[i * m + j] = a[(i - 1) * m + j + 1] + 1.0f; }

void wave2(float *restrict a, int n, int m)
{
    for (int i = 1; i < n; i++)
        for (int j = 0; j < m - 1; j++)
            put(a, i, j, m);
}
