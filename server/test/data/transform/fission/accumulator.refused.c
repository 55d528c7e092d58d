// loopsmith-test: --nest colsum:12 --fission
// expect-refused: acc is declared inside loop c \(line 12\) .*acc is assigned in acc \+= \*p \(line 13\)
// loopsmith-driver: colsum(L, O, 9, 4); float L O
/* Issue 7, reproducer 6: acc is set by the first part, accumulated by the loop and stored by
   the last part; splitting would need scalar expansion, so the refusal names acc. */

float L[64];
float O[8];

void colsum(const float *lhs, float *out, int rows, int ch)
{
    for (int c = 0; c < ch; ++c) { float acc = 0.0f;
        for (int k = 0; k < rows; ++k) { const float *p = lhs + k * ch + c; acc += *p; }
        out[c] = acc; } }
