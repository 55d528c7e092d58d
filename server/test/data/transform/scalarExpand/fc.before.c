// loopsmith-test: --nest fc:11 --scalar-expand acc
// loopsmith-driver: fc(); float W x b y
/* acc is private to each o: one element per o lets the nest be split (--layout, --fission). */

#define O 5
#define I 37
float W[O][I], x[I], b[O], y[O];

void fc(void)
{
    for (int o = 0; o < O; o++) {
        float acc = b[o];
        for (int i = 0; i < I; i++)
            acc += W[o][i] * x[i];
        y[o] = acc;
    }
}
