// loopsmith-test: --nest fc_bias:9 --accumulate-in-place acc
// expect-refused: no other array
/* The store reads another array (a bias added at the store): not a function of the sum alone. */
#define IN 20
#define OUT 6
float x[IN], w[OUT][IN], b[OUT], y[OUT];

void fc_bias(void) {
    for (int o = 0; o < OUT; o++) {
        float acc = 0;
        for (int i = 0; i < IN; i++)
            acc += w[o][i] * x[i];
        y[o] = acc + b[o];
    }
}
