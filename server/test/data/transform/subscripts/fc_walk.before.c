// loopsmith-test: --nest fc_walk:13 --subscripts
// loopsmith-driver: fc_walk(w, x, y, IN, OUT); float w x y
/* A dense layer that walks its weights with one pointer across all rows (*w++): at the outer
 * loop the walk is the subscript W[o*in + i]; the input pointer, set per row, stays for the
 * inner loop's own rewrite. */
#define IN 13
#define OUT 5
float w[OUT * IN], x[IN], y[OUT];

void fc_walk(const float *W, const float *x, float *y, int in, int out)
{
    const float *w = W;
    for (int o = 0; o < out; o++) {
        float acc = 0;
        const float *px = x;
        for (int i = 0; i < in; i++)
            acc += *w++ * *px++;
        y[o] = acc;
    }
}
