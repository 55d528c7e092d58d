#include "kernel.c"
#include "common.h"
int main(void) {
  int nr = S_nr, nq = S_nq, np = S_np;
  double (*A)[nq][np] = malloc(sizeof(double) * nr * nq * np), (*C4)[np] = malloc(sizeof(double) * np * np), *sum = malloc(sizeof(double) * np);
  FILL(&A[0][0][0], nr * nq * np, 13); FILL(&C4[0][0], np * np, 7); FILL(sum, np, 5);
  kernel_doitgen(nr, nq, np, A, C4, sum);
  REPORT(); prd("A", &A[0][0][0], nr * nq * np); prd("sum", sum, np); return 0;
}
