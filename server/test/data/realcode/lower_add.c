/* Adds one to the strictly lower triangle through a helper that takes an element's address. */
static void bump(float *p) { *p += 1.0f; }

void lower_add(float *m, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (j < i)
                bump(&m[i * n + j]);
}
