// loopsmith-test: --nest even:12 --unroll i=4
// loopsmith-driver: even(); int A B
/* 16 iterations unrolled by 4: the trip count divides, so there is no remainder loop. */

#define N 16

int A[N];
int B[2 * N];

void even(void)
{
    for (int i = 0; i < N; i += 4) {
        /* every other B */
        A[i] = B[2 * i] * 3 + i;
        /* every other B */
        A[(i + 1)] = B[2 * (i + 1)] * 3 + (i + 1);
        /* every other B */
        A[(i + 2)] = B[2 * (i + 2)] * 3 + (i + 2);
        /* every other B */
        A[(i + 3)] = B[2 * (i + 3)] * 3 + (i + 3);
    }
}
