/* C = A * B^T with a dot-product helper called per output element (row-major A: M x K,
   B: N x K, C: M x N, leading dimension ldc). The helper keeps its own accumulator. */
static float dot(const float *a, const float *b, int k)
{
    float s = 0.0f;
    for (int p = 0; p < k; p++)
        s += a[p] * b[p];
    return s;
}

void gemm_abt(const float *A, const float *B, float *C, int M, int N, int K, int ldc)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            C[i * ldc + j] = dot(A + i * K, B + j * K, K);
}
