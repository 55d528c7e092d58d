#include <stdio.h>
#include <stdlib.h>

/* back substitution U x = b and a reverse running sum, both loops counting down */
void backsub(int n, float U[n][n], float b[n], float x[n], float r[n])
{
  for (int i = n - 1; i >= 0; i--) {
    float s = b[i];
    for (int j = i + 1; j < n; j++)
      s -= U[i][j] * x[j];
    x[i] = s / U[i][i];
  }
  r[n - 1] = x[n - 1];
  for (int i = n - 2; i >= 0; i--)
    r[i] = r[i + 1] + x[i];
}
