#include "kernel.c"
#include "common.h"
int main(void) {
  int n = S_n;
  int (*p)[n] = malloc(sizeof(int) * n * n);
  for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) p[i][j] = (i == j) ? 0 : ((i * j) % 7 + 1) * ((i + j) % 13 == 0 ? 100 : 1) + (i + j) % 5;
  kernel_floyd_warshall(n, p);
  REPORT(); pri("p", &p[0][0], n * n); return 0;
}
