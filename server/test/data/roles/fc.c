/* Fully connected layer (matrix-vector): out = W x + b. */
#define IN 64
#define OUT 10
float x[IN], w[OUT][IN], b[OUT], y[OUT];
void fc(void)
{
    for (int o = 0; o < OUT; o++) {
        y[o] = b[o];
        for (int i = 0; i < IN; i++)
            y[o] += w[o][i] * x[i];
    }
}
