/* Issue 7, reproducer 3a: a same-file callee that writes memory; the same rewrites are illegal. */
void put(float *a, int i, int j, int m) { a[i * m + j] = a[(i - 1) * m + j + 1] + 1.0f; }
void wave2(float *restrict a, int n, int m) {
    for (int i = 1; i < n; i++) for (int j = 0; j < m - 1; j++) put(a, i, j, m); }
