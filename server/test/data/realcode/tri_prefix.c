/* Prefix sums through a helper whose trip count is the argument: a triangular nest across a call. */
static float sum_first(const float *a, int n) { float s = 0.0f; for (int i = 0; i < n; i++) s += a[i]; return s; }

void prefix(const float *a, float *out, int len)
{
    for (int i = 0; i < len; i++)
        out[i] = sum_first(a, i + 1);
}
