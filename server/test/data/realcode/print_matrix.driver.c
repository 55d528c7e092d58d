int main(void) {
  int n = S_n, m = S_m;
  float *a = falloc(n * m, 13);
  REG(a, n * m);
  print_matrix(a, n, m);
  REPORT(); return 0;
}
