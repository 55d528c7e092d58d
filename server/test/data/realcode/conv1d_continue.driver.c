int main(void) {
  int L = S_L, K = S_K, pad = S_pad, OL = L + 2 * pad - K + 1;
  float *in = falloc(L, 13), *w = falloc(K, 7), *out = falloc(OL, 5);
  REG(in, L); REG(w, K); REG(out, OL);
  conv1d_pad(in, w, out, L, K, pad);
  REPORT(); prf("out", out, OL); return 0;
}
