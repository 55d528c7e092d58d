/* Issue 7, reproducer 7: a size read from a struct through a pointer, named by a const local. */
typedef struct { int n, h, w, c; } dims_t;
void bn(const float *in, float *out, const dims_t *d) { const int c = d->c;
    for (int i = 0; i < c; i++) out[i] = in[i] * 2.0f; }
