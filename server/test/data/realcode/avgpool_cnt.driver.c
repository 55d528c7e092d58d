int main(void) {
  int ch = S_ch, dim = S_dim;
  float *in = falloc(ch * dim, 13), *out = falloc(ch, 5);
  REG(in, ch * dim); REG(out, ch);
  global_avgpool(in, out, ch, dim);
  REPORT(); prf("out", out, ch); return 0;
}
