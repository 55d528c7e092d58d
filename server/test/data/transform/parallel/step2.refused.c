// loopsmith-test: --nest even:10 --parallel
// loopsmith-driver: even(); int A
// expect-refused: flow dependence on A: A\[i \+ 2\].*direction \(<\)
/* A distance of 2 in i is one step of the loop: iteration t reads what iteration t - 1 wrote. */

int A[66];

void even(void)
{
    for (int i = 0; i < 64; i += 2)
        A[i + 2] = A[i] * 3 + 1;
}
