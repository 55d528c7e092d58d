// loopsmith-test: --nest fc_bias:10 --accumulate-in-place acc
// loopsmith-driver: fc_bias(); float x w b y
/* The store also reads another array (a bias added at the store): read at the same point as
 * before, after the sum, so the element accumulates and then takes the bias. */
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
