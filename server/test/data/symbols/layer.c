/* A darknet-style layer: sizes are struct fields read through a value and through pointers. */
struct dims { int h, w; };
struct layer { int batch, outputs, inputs; struct dims in; float scale; };
typedef struct layer layer;

void scale_bias(layer l, float *output, const float *bias) {
    for (int b = 0; b < l.batch; ++b)
        for (int i = 0; i < l.outputs; ++i)
            output[b * l.outputs + i] = output[b * l.outputs + i] * l.scale + bias[i];
}

void fc(const layer *l, const float *input, const float *weights, float *output) {
    const int in = l->inputs, out = l->outputs;
    for (int b = 0; b < l->batch; ++b)
        for (int o = 0; o < out; ++o)
            for (int k = 0; k < in; ++k)
                output[b * out + o] += input[b * in + k] * weights[o * in + k];
}

void plane(const layer *l, float *img) {
    for (int y = 0; y < l->in.h; ++y)
        for (int x = 0; x < l->in.w; ++x)
            img[y * l->in.w + x] = (float)(y - x);
}
