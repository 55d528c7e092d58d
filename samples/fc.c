/*
 * Fully connected (dense) layer on flat, restrict-qualified pointers:
 * y[o] = b[o] + sum_i w[o * IN + i] * x[i].
 * The inner loop streams one row of w with unit stride, and x is reused by
 * every output, so each weight is used exactly once: arithmetic intensity is
 * below 0.5 FLOP/byte and the layer is bound by weight bandwidth, not MACs.
 */

#define IN 256
#define OUT 64

void fc(const float *restrict x, const float *restrict w,
        const float *restrict b, float *restrict y)
{
    for (int o = 0; o < OUT; o++) {
        float acc = b[o];
        for (int i = 0; i < IN; i++)
            acc += w[o * IN + i] * x[i];
        y[o] = acc;
    }
}
