// loopsmith-test: --nest fc_relu:12 --accumulate-in-place acc
// loopsmith-driver: fc_relu(); float x w y
/* The store applies a ReLU (a pure function of the sum): the element takes the sum, and then the
 * ReLU of itself, at the same point of the body. Weights stored input-major (a column walk). */
#define IN 20
#define OUT 6
float x[IN], w[IN][OUT], y[OUT];

static float relu(float v) { return v > 0 ? v : 0; }

void fc_relu(void) {
    for (int o = 0; o < OUT; o++) {
        float acc = 0.5f;
        for (int i = 0; i < IN; i++)
            acc += w[i][o] * x[i];
        y[o] = relu(acc) * 2.0f;
    }
}
