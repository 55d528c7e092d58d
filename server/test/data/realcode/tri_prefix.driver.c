int main(void) {
  int len = S_len;
  float *a = falloc(len, 7), *out = falloc(len, 3);
  REG(a, len); REG(out, len);
  prefix(a, out, len);
  REPORT(); prf("out", out, len); return 0;
}
