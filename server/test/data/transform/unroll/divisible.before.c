// loopsmith-test: --nest even:12 --unroll i=4
// loopsmith-driver: even(); int A B
/* 16 iterations unrolled by 4: the trip count divides, so there is no remainder loop. */

#define N 16

int A[N];
int B[2 * N];

void even(void)
{
    for (int i = 0; i < N; i++) {
        /* every other B */
        A[i] = B[2 * i] * 3 + i;
    }
}
