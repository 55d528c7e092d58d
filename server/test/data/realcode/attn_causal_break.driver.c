int main(void) {
  int T = S_T, hd = S_hd, pos = S_pos;
  float *q = falloc(hd, 13), *kc = falloc(T * hd, 7), *att = falloc(T, 5);
  REG(q, hd); REG(kc, T * hd); REG(att, T);
  causal_scores(q, kc, att, T, hd, pos);
  REPORT(); prf("att", att, T); return 0;
}
