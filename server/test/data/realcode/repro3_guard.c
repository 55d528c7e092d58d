/* Issue 7, reproducer 3c: a callee's guard (early return) decides whether its store runs. */
static void store_if_inside(float *a, int i, int lim, float v) { if (i >= lim) return; a[i] = v; }
void clip_copy(float *dst, const float *src, int n, int lim) {
    for (int i = 0; i < n; i++) store_if_inside(dst, i, lim, src[i] * 2.0f); }
