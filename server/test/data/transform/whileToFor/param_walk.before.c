// loopsmith-test: --nest scale_add:12 --while-to-for
// loopsmith-driver: scale_add(out, in, 0.5f, N); float in out
/* CMSIS style on the parameters themselves: the block size counts down and both pointers walk.
 * Nothing reads them after the loop, so the for loop counts with a new variable up to blockSize
 * and the walks become subscripts of the parameters (their values at the call). */
#include <stdint.h>
#define N 13
float in[N], out[N];

void scale_add(float *pDst, const float *pSrc, float scale, uint32_t blockSize)
{
    while (blockSize > 0U) {
        *pDst++ += scale * *pSrc++;
        blockSize--;
    }
}
