/* Issue 7, reproducer 7: sizes from struct fields, through a const local and directly. */
typedef struct { int n, h, w, c; } dims_t;
void bn(const float *in, float *out, const dims_t *d) { const int c = d->c;
    for (int i = 0; i < c; i++) out[i] = in[i] * 2.0f; }
void bn_val(const float *in, float *out, dims_t d) {
    for (int i = 0; i < d.c; i++) out[i] = in[i] * 2.0f + 1.0f; }
