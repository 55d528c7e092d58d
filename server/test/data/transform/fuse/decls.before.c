// loopsmith-test: --nest twice:10 --fuse -D n=16
// loopsmith-driver: twice(16); twice(5); float X A B
/* Both bodies declare v: the first body gets a block of its own, so v is not declared twice
   in one scope. */

float X[16], A[16], B[16];

void twice(int n)
{
    for (int i = 0; i < n; i++) {
        float v = X[i] * 2.0f;
        A[i] = v;
    }
    for (int i = 0; i < n; i++) {
        float v = X[i] + A[i];
        B[i] = v;
    }
}
