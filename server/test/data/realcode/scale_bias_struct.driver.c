int main(void) {
  conv_shape s = { S_out_c, S_out_h, S_out_w };
  int batch = S_batch, n = batch * s.out_c * s.out_h * s.out_w;
  float *output = falloc(n, 13), *scales = falloc(s.out_c, 7), *biases = falloc(s.out_c, 3);
  REG(output, n); REG(scales, s.out_c); REG(biases, s.out_c);
  scale_bias(output, scales, biases, &s, batch);
  REPORT(); prf("output", output, n); return 0;
}
