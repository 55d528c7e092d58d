int main(void) {
  int n_heads = S_n_heads, hd = S_hd, T = S_T, dim = n_heads * hd;
  float *att = falloc(n_heads * T, 13), *Vc = falloc(T * dim, 7), *out = falloc(dim, 5);
  REG(att, n_heads * T); REG(Vc, T * dim); REG(out, dim);
  mha_mix(att, Vc, out, n_heads, hd, T);
  REPORT(); prf("out", out, dim); return 0;
}
