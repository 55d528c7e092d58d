#define N 64
void f(float A[N][N], float s[N]) {
  for (int i = 1; i < N; i++) {
    s[i] = 0;

    for (int j = 0; j < N - 1; j++)
      A[j][i] = A[j + 1][i - 1] + 1.0f;
  }
}
