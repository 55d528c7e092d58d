// loopsmith-driver: fc_batch(); float x w b y
// expect-plan: split-accumulators
/* A fully connected layer over a batch: one dot product per output, accumulated in a scalar. */
#define BATCH 4
#define IN 96
#define OUT 24

float x[BATCH][IN], w[OUT][IN], b[OUT], y[BATCH][OUT];

void fc_batch(void)
{
    for (int n = 0; n < BATCH; n++) {
        for (int o = 0; o < OUT; o++) {
            float acc = b[o];
            for (int i = 0; i < IN; i++)
                acc += w[o][i] * x[n][i];
            y[n][o] = acc;
        }
    }
}
