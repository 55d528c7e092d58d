// loopsmith-test: --nest scale:11 --tile i=16
// loopsmith-driver: scale(37); scale(5); float A
/* A size_t loop variable: the tile and point loops must keep its type (no sign-compare warnings). */

#include <stddef.h>

float A[100];

void scale(size_t n)
{
    for (size_t i_t = 0; i_t < n; i_t += 16)
        for (size_t i = i_t; i < (i_t + 16 < n ? i_t + 16 : n); i++)
            A[i] = A[i] * 2.0f + 1.0f;
}
