int main(void) {
  int n = S_n;
  float *m = falloc(n * n, 7);
  REG(m, n * n);
  lower_add(m, n);
  REPORT(); prf("m", m, n * n); return 0;
}
