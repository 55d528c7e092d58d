int main(void) {
  int batch = S_batch, n = S_n, size = S_size;
  float *out = falloc(batch * n * size, 13), *bias = falloc(n, 7);
  REG(out, batch * n * size); REG(bias, n);
  add_bias_batched(out, bias, batch, n, size);
  REPORT(); prf("out", out, batch * n * size); return 0;
}
