#include "kernel.c"
#include "common.h"
int main(void) {
  int rows = S_rows, cols = S_cols;
  float (*x)[cols] = malloc(sizeof(float) * rows * cols), (*y)[cols] = malloc(sizeof(float) * rows * cols);
  FILL(&x[0][0], rows * cols, 13); FILL(&y[0][0], rows * cols, 7);
  softmax_rows(rows, cols, x, y);
  REPORT(); prf("y", &y[0][0], rows * cols); return 0;
}
