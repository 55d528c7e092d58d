/* Inference-engine style outer loops: a batch counter stepped at the end of the body, a
 * repeat count in a do-while, a layer counter in while (l-- > 0), around ordinary for nests. */

/* dense layer per batch item: while (batch) { ...; batch--; } (items processed last first) */
void dense_batch(const float *in, const float *w, const float *bias, float *out, int batch, int nin, int nout)
{
    while (batch) {
        for (int o = 0; o < nout; o++) {
            float acc = bias[o];
            for (int i = 0; i < nin; i++)
                acc += w[o * nin + i] * in[(batch - 1) * nin + i];
            out[(batch - 1) * nout + o] = acc;
        }
        batch--;
    }
}

/* smoothing repeated reps times: do { ... } while (--reps); */
void smooth_reps(float *x, float *tmp, int n, int reps)
{
    do {
        for (int i = 1; i < n - 1; i++)
            tmp[i] = 0.25f * x[i - 1] + 0.5f * x[i] + 0.25f * x[i + 1];
        for (int i = 1; i < n - 1; i++)
            x[i] = tmp[i];
    } while (--reps);
}

/* per-layer bias: while (l-- > 0) with the layer as an index */
void layer_bias(float *act, const float *lb, int layers, int width)
{
    int l = layers;
    while (l-- > 0)
        for (int j = 0; j < width; j++)
            act[l * width + j] += lb[l];
}
