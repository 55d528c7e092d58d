/* Issue 7, reproducer 6: a pointer declaration in the body; unroll and fission must compile. */
void colsum(const float *lhs, float *out, int rows, int ch) {
    for (int c = 0; c < ch; ++c) { float acc = 0.0f;
        for (int k = 0; k < rows; ++k) { const float *p = lhs + k * ch + c; acc += *p; }
        out[c] = acc; } }
