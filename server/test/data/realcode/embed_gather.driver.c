int main(void) {
  int T = S_T, dim = S_dim, vocab = 5;
  int *tokens = malloc(sizeof(int) * T);
  for (int t = 0; t < T; t++) tokens[t] = (t * t) % 3; /* repeated rows: distinct rows < T */
  float *table = falloc(vocab * dim, 13), *out = falloc(T * dim, 5);
  REG(tokens, T); REG(table, vocab * dim); REG(out, T * dim);
  embed(tokens, table, out, T, dim);
  REPORT(); prf("out", out, T * dim); return 0;
}
