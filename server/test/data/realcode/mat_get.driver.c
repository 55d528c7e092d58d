int main(void) {
  mat_t a = { S_M, S_K, 0 }, b = { S_K, S_N, 0 }, c = { S_M, S_N, 0 };
  a.v = falloc(S_M * S_K, 5); b.v = falloc(S_K * S_N, 3); c.v = falloc(S_M * S_N, 7);
  REGN("a->v", a.v, S_M * S_K); REGN("b->v", b.v, S_K * S_N); REGN("c->v", c.v, S_M * S_N);
  mat_mul(&a, &b, &c);
  REPORT(); prf("out", c.v, S_M * S_N); return 0;
}
