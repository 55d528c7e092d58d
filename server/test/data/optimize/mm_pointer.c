// loopsmith-driver: run(); float A B C
// expect-plan: layout
/* Matrix multiply through pointer parameters, as a library would write it (restrict-qualified).
 * The sizes are parameters: the time is unknown and s cannot be expanded (no array size); it
 * accumulates in c[i * n + j] instead, and --layout then picks the order by strides. */
#define M 32
#define N 40
#define K 24

float A[M * K], B[K * N], C[M * N];

static void mm(int m, int n, int k, const float *restrict a, const float *restrict b, float *restrict c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[i * k + p] * b[p * n + j];
            c[i * n + j] = s;
        }
}

void run(void)
{
    mm(M, N, K, A, B, C);
}
