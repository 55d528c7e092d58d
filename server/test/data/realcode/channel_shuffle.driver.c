int main(void) {
  int C = S_C, groups = S_groups, hw = S_hw;
  float *in = falloc(C * hw, 13), *out = falloc(C * hw, 5);
  REG(in, C * hw); REG(out, C * hw);
  channel_shuffle(in, out, C, groups, hw);
  REPORT(); prf("out", out, C * hw); return 0;
}
