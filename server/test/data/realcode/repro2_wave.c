/* Issue 7, reproducer 2: a write through a pointer local; permute j,i and tile are illegal. */
void wave(float *restrict a, int n, int m) {
    for (int i = 1; i < n; i++) for (int j = 0; j < m - 1; j++) {
        float *p = a + i * m + j;  *p = *(p - m + 1) + 1.0f; } }
