// loopsmith-test: --nest fc_log:12 --accumulate-in-place acc
// expect-refused: side effects
/* The store calls a function that writes memory (a counter): in place, the element would be
 * the same, but the rule accepts only pure functions of the sum. */
#define IN 20
#define OUT 6
float x[IN], w[OUT][IN], y[OUT];
int calls;
static float logged(float v) { calls++; return v; }

void fc_log(void) {
    for (int o = 0; o < OUT; o++) {
        float acc = 0;
        for (int i = 0; i < IN; i++)
            acc += w[o][i] * x[i];
        y[o] = logged(acc);
    }
}
