// loopsmith-test: --nest colsum:12 --unroll k=2
// loopsmith-driver: colsum(L, O, 9, 4); colsum(L, O, 3, 5); float L O
/* The body declares a pointer on the brace's line: each copy gets its own block, with the
   statements on lines of their own (issue 7: "redefinition of 'p'"). */

float L[64];
float O[8];

void colsum(const float *lhs, float *out, int rows, int ch)
{
    /* column sums */
    for (int c = 0; c < ch; ++c) {
        float acc = 0.0f;
        for (int k = 0; k < rows; ++k) { const float *p = lhs + k * ch + c; acc += *p; }
        out[c] = acc;
    }
}
