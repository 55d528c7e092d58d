int main(void) {
  fc_layer l;
  l.batch = S_batch; l.inputs = S_inputs; l.outputs = S_outputs;
  l.weights = falloc(l.outputs * l.inputs, 5); l.biases = falloc(l.outputs, 3); l.output = falloc(l.batch * l.outputs, 7);
  float *input = falloc(l.batch * l.inputs, 11);
  REGN("l->weights", l.weights, l.outputs * l.inputs); REGN("l->biases", l.biases, l.outputs); REGN("l->output", l.output, l.batch * l.outputs); REG(input, l.batch * l.inputs);
  fc_forward_fields(&l, input);
  REPORT(); prf("out", l.output, l.batch * l.outputs); return 0;
}
