/* Issue 7, reproducer 1: a row pointer; the accesses are to A, and there is no MAC. */
void rowsum(float *A, float *out, int n, int m) {
    for (int i = 0; i < n; i++) { float *row = A + i * m;
        for (int j = 0; j < m; j++) out[i] += row[j]; } }
