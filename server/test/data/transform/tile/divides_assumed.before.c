// loopsmith-test: --nest scale:9 --tile i=16 -D n=64
// loopsmith-driver: scale(64); float A
/* n = 64 comes from -D: one configuration, not every call, so the min guard stays. */

float A[64];

void scale(int n)
{
    for (int i = 0; i < n; i++)
        A[i] = 2.0f * A[i];
}
