int main(void) {
  int C = S_C, L = S_L, K = S_K, F = S_F, OL = L - K + 1;
  float *in = falloc(C * L, 13), *w = falloc(F * C * K, 7), *bias = falloc(F, 3), *out = falloc(F * OL, 5);
  REG(in, C * L); REG(w, F * C * K); REG(bias, F); REG(out, F * OL);
  conv1d(in, w, bias, out, C, L, K, F);
  REPORT(); prf("out", out, F * OL); return 0;
}
