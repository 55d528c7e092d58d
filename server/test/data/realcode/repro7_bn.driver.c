int main(void) {
  dims_t d = { 1, 1, 1, S_c };
  float *in = falloc(d.c, 13), *out = falloc(d.c, 5), *out2 = falloc(d.c, 3);
  REG(in, d.c); REG(out, d.c); REGN("out", out2, d.c);
  bn(in, out, &d);
  bn_val(in, out2, d);
  REPORT(); prf("out", out, d.c); prf("out2", out2, d.c); return 0;
}
