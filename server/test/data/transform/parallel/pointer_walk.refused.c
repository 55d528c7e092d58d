// loopsmith-test: --nest fc_walk:11 --parallel --at 13
// expect-refused: carries a dependence: .*on w
// loopsmith-driver: fc_walk(); float W X Y
/* Threads sharing the pointers a loop walks with *w++ would race on them. */
#define IN 13
#define OUT 5
float W[OUT * IN], X[IN], Y[OUT];

void fc_walk(void) {
    const float *w = W;
    for (int o = 0; o < OUT; o++) {
        float acc = 0;
        for (int i = 0; i < IN; i++)
            acc += *w++ * X[i];
        Y[o] = acc;
    }
}
