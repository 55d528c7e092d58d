/* Two nests with identical headers that both declare `v`: fusing must not define v twice in
   one scope, nor let the second body see the first body's v. */
void twice(float *restrict a, float *restrict b, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++) {
        float v = x[i] * 2.0f;
        a[i] = v;
    }
    for (int i = 0; i < n; i++) {
        float v = x[i] + 1.0f;
        b[i] = v;
    }
}

float g;
void capture(float *restrict a, float *restrict b, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++) {
        float g = x[i];
        a[i] = g;
    }
    for (int i = 0; i < n; i++)
        b[i] = g;
}
