#include <stdio.h>
#include <stdlib.h>

/* ReLU6 by hand-unrolled steps of 4 with <= bounds, a remainder loop, then a strided gather */
void relu6_step4(int n, float a[n], float b[n], float g[n])
{
  int i;
  for (i = 0; i <= n - 4; i += 4) {
    b[i] = a[i] < 0.0f ? 0.0f : (a[i] > 6.0f ? 6.0f : a[i]);
    b[i + 1] = a[i + 1] < 0.0f ? 0.0f : (a[i + 1] > 6.0f ? 6.0f : a[i + 1]);
    b[i + 2] = a[i + 2] < 0.0f ? 0.0f : (a[i + 2] > 6.0f ? 6.0f : a[i + 2]);
    b[i + 3] = a[i + 3] < 0.0f ? 0.0f : (a[i + 3] > 6.0f ? 6.0f : a[i + 3]);
  }
  for (i = 0; i <= n - 1; i += 3)
    g[i] = b[i] * 2.0f + 1.0f;
}
