// loopsmith-test: --nest odd:10 --parallel
// loopsmith-driver: odd(); int A
/* i is even: A[i + 1] writes odd elements and A[i] reads even ones. A distance of 1 in i is
 * half a step of the loop, so no iteration depends on another. */

int A[65];

void odd(void)
{
    #pragma omp parallel for
    for (int i = 0; i < 64; i += 2)
        A[i + 1] = A[i] * 3 + 1;
}
