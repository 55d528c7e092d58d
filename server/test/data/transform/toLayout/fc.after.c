// loopsmith-test: --nest fc:11 --to-layout NCHW
// loopsmith-driver: fc(); float x[IN] w[OUT][IN] y[OUT]
// loopsmith-sizes: IN=3,OUT=5 | IN=7,OUT=2
/* Fully connected layer walked input-outer: NCHW order runs the output neurons o (K) outside the inputs i (C). */
#define IN 6
#define OUT 4
float x[IN], w[OUT][IN], y[OUT];

void fc(void)
{
    for (int o = 0; o < OUT; o++)
        for (int i = 0; i < IN; i++)
            y[o] += w[o][i] * x[i];
}
