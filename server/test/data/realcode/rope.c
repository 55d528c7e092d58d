/* Rotary position embedding on one query vector: pairs of elements, i += 2. */
void rope(float *q, int pos, int dim, int head_size)
{
    for (int i = 0; i < dim; i += 2) {
        int hi = i % head_size;
        float freq = 1.0f / powf(10000.0f, (float)hi / (float)head_size);
        float v = pos * freq;
        float fcr = cosf(v), fci = sinf(v);
        float v0 = q[i], v1 = q[i + 1];
        q[i] = v0 * fcr - v1 * fci;
        q[i + 1] = v0 * fci + v1 * fcr;
    }
}
