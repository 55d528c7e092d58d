/* Declarations in awkward places: on the brace's line, several on one line, a comment after
   a declaration, a multi-line initialiser, a declaration after a loop. */
void oneline(float *restrict y, const float *restrict x, int n, int m)
{
    for (int i = 0; i < n; i++) { const float *r = x + i * m; int half = m / 2;
        for (int j = 0; j < half; j++) y[i] += r[j];
        for (int j = half; j < m; j++) y[i] -= r[j]; }
}

void multiline(float *restrict y, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++) {
        const float w[4] = {
            0.1f, 0.2f,
            0.3f, 0.4f };   /* taps */
        for (int k = 0; k < 4; k++)
            y[i] += w[k] * x[i + k];
        const float g = w[0] + w[3];
        for (int k = 0; k < 2; k++)
            y[i] *= g;
    }
}

void tabs(float *restrict y, const float *restrict x, int n, int m)
{
	for (int i = 0; i < n; i++) {
		const int base = i * m;
		for (int j = 0; j < m; j++)
			y[base + j] = x[base + j];
		for (int j = 0; j < m; j++)
			y[base + j] *= 2.0f;
	}
}
