#include "kernel.c"
#include "common.h"
int main(void) {
  int m = S_m, n = S_n;
  double (*data)[m] = malloc(sizeof(double) * n * m), (*cov)[m] = malloc(sizeof(double) * m * m), *mean = malloc(sizeof(double) * m);
  FILL(&data[0][0], n * m, 13); FILL(&cov[0][0], m * m, 7); FILL(mean, m, 5);
  kernel_covariance(m, n, (double)n, data, cov, mean);
  REPORT(); prd("data", &data[0][0], n * m); prd("cov", &cov[0][0], m * m); prd("mean", mean, m); return 0;
}
