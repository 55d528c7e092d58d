/* The six loop orders of C += A * B (M x P times P x N), one function each: the traffic model
 * must tell them apart and rank them as an LRU simulation (and cachegrind) does. */

#ifndef M
#define M 96
#endif
#ifndef N
#define N 80
#endif
#ifndef P
#define P 72
#endif

float A[M][P];
float B[P][N];
float C[M][N];

void mm_ijk(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            for (int k = 0; k < P; k++)
                C[i][j] += A[i][k] * B[k][j];
}

void mm_ikj(void)
{
    for (int i = 0; i < M; i++)
        for (int k = 0; k < P; k++)
            for (int j = 0; j < N; j++)
                C[i][j] += A[i][k] * B[k][j];
}

void mm_jik(void)
{
    for (int j = 0; j < N; j++)
        for (int i = 0; i < M; i++)
            for (int k = 0; k < P; k++)
                C[i][j] += A[i][k] * B[k][j];
}

void mm_jki(void)
{
    for (int j = 0; j < N; j++)
        for (int k = 0; k < P; k++)
            for (int i = 0; i < M; i++)
                C[i][j] += A[i][k] * B[k][j];
}

void mm_kij(void)
{
    for (int k = 0; k < P; k++)
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
                C[i][j] += A[i][k] * B[k][j];
}

void mm_kji(void)
{
    for (int k = 0; k < P; k++)
        for (int j = 0; j < N; j++)
            for (int i = 0; i < M; i++)
                C[i][j] += A[i][k] * B[k][j];
}
