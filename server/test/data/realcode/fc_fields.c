/* A fully-connected layer in the style of C CNN frameworks: the layer is a struct holding its
   sizes and its buffers, passed by pointer. */
typedef struct {
    int batch, inputs, outputs;
    float *weights, *biases, *output;
} fc_layer;

void fc_forward_fields(fc_layer *l, const float *input)
{
    for (int b = 0; b < l->batch; b++)
        for (int o = 0; o < l->outputs; o++) {
            float sum = l->biases[o];
            for (int i = 0; i < l->inputs; i++)
                sum += l->weights[o * l->inputs + i] * input[b * l->inputs + i];
            l->output[b * l->outputs + o] = sum;
        }
}
