int main(void) {
  int channels = S_channels, n = S_n, k = S_k;
  float *out = falloc(channels * n, 5), *in = falloc(n * k, 13);
  REG(out, channels * n); REG(in, n * k);
  gather(out, in, channels, n, k);
  REPORT(); prf("out", out, channels * n); return 0;
}
