int main(void) {
  int dim = S_dim, head_size = S_head_size;
  float *q = falloc(dim, 13);
  REG(q, dim);
  rope(q, 3, dim, head_size);
  REPORT(); prf("q", q, dim); return 0;
}
