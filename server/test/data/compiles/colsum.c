/* Column sums through a pointer local (issue 7, reproducer 6): unroll k=2 must scope each copy;
   fission of the c body must keep acc with its uses or refuse naming it. */
void colsum(const float *lhs, float *out, int rows, int ch) {
    for (int c = 0; c < ch; ++c) { float acc = 0.0f;
        for (int k = 0; k < rows; ++k) { const float *p = lhs + k * ch + c; acc += *p; }
        out[c] = acc; } }
