/* Fully connected layer of a C CNN framework: the layer is passed by value, its sizes and
   buffers are struct fields. */
typedef struct {
    int batch, inputs, outputs;
    float *weights, *biases, *output;
} fc_layer;

void fc_forward(fc_layer l, const float *input)
{
    for (int b = 0; b < l.batch; ++b) {
        for (int o = 0; o < l.outputs; ++o) {
            float sum = l.biases[o];
            for (int i = 0; i < l.inputs; ++i)
                sum += input[b * l.inputs + i] * l.weights[o * l.inputs + i];
            l.output[b * l.outputs + o] = sum;
        }
    }
}
