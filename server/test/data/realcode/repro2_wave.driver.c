int main(void) {
  int n = S_n, m = S_m;
  float *a = falloc(n * m, 13);
  REG(a, n * m);
  wave(a, n, m);
  REPORT(); prf("a", a, n * m); return 0;
}
