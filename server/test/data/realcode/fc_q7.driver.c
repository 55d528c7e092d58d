static q7_t *qalloc(long n, int m) { q7_t *p = malloc((size_t)(n > 0 ? n : 1)); for (long i = 0; i < n; i++) p[i] = (q7_t)((i * 7 + 3) % m - m / 2); return p; }
int main(void) {
  int dim_vec = S_dim_vec, rows = S_rows;
  q7_t *vec = qalloc(dim_vec, 17), *mat = qalloc(rows * dim_vec, 23), *bias = qalloc(rows, 9), *out = qalloc(rows, 3);
  REG(vec, dim_vec); REG(mat, rows * dim_vec); REG(bias, rows); REG(out, rows);
  fc_q7(vec, mat, bias, dim_vec, rows, 2, 3, out);
  REPORT(); for (int r = 0; r < rows; r++) printf("out %d %d\n", r, (int)out[r]); return 0;
}
