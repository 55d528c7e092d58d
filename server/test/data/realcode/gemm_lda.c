/* C += alpha * A * B on row-major matrices with leading dimensions (padded rows). */
void sgemm_nn(int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float *C, int ldc)
{
    for (int i = 0; i < M; ++i) {
        for (int k = 0; k < K; ++k) {
            const float a = alpha * A[i * lda + k];
            for (int j = 0; j < N; ++j)
                C[i * ldc + j] += a * B[k * ldb + j];
        }
    }
}
