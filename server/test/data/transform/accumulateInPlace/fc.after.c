// loopsmith-test: --nest fc:8 --accumulate-in-place acc
// loopsmith-driver: fc(); float x w b y
/* The accumulator starts at the bias; every pointer of the callee would need restrict, here the arrays are globals. */
#define IN 20
#define OUT 6
float x[IN], w[OUT][IN], b[OUT], y[OUT];
void fc(void) {
    for (int o = 0; o < OUT; o++) {
        y[o] = b[o];
        for (int i = 0; i < IN; i++) {
            y[o] += w[o][i] * x[i]; /* multiply-accumulate */
        }
    }
}
