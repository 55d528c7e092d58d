int main(void) {
  int n_heads = S_n_heads, hd = S_hd, T = S_T, dim = n_heads * hd;
  float *Q = falloc(dim, 13), *Kc = falloc(T * dim, 7), *att = falloc(n_heads * T, 5);
  REG(Q, dim); REG(Kc, T * dim); REG(att, n_heads * T);
  mha_scores(Q, Kc, att, n_heads, hd, T);
  REPORT(); prf("att", att, n_heads * T); return 0;
}
