/* Per-channel scale and bias after a convolution; the sizes come from a shape struct through
   const locals. */
typedef struct { int out_c, out_h, out_w; } conv_shape;

void scale_bias(float *output, const float *scales, const float *biases, const conv_shape *l, int batch)
{
    const int oc = l->out_c;
    const int hw = l->out_h * l->out_w;
    for (int b = 0; b < batch; b++)
        for (int c = 0; c < oc; c++) {
            float *p = output + (b * oc + c) * hw;
            for (int i = 0; i < hw; i++)
                p[i] = p[i] * scales[c] + biases[c];
        }
}
