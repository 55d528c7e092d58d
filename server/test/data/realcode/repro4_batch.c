/* Issue 7, reproducer 4: loops inside while (batch) { ...; batch--; }. */
void k(float *dst, const float *src, int n, int m, int batch) {
    while (batch) { for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) dst[i*m+j] = src[i*m+j] * 2.0f;
                    src += n * m; dst += n * m; batch--; } }
