/* Small kernels for the traffic model: server/test/traffic.test.ts runs each one's address
 * trace through an LRU simulator (test/helpers/lru.ts) at three geometries and compares the
 * model's misses per level; scripts/validate-cache.ts runs the `validate:` ones under
 * cachegrind. `expect:` is the tolerance of the model against the simulator at both levels:
 * `exact`, or a relative error. */

#define N 4096
#define R 96
#define Q 80
#define T 4

float X[N], Y[N];
double D[N];
float A[R][Q], B[Q][R], S[R];
float G[R][R], H[R][R];
float M1[R][R], M2[R][R], M3[R][R];

// validate: copy(); float X Y
// expect: exact
void copy(void)
{
    for (int i = 0; i < N; i++)
        Y[i] = X[i];
}

// validate: stride2(); double D
// expect: exact
void stride2(void)
{
    for (int i = 0; i < N; i += 2)
        D[i] = D[i] + 1.0;
}

// validate: stride16(); float X
// expect: exact
void stride16(void)
{
    for (int i = 0; i < N; i += 16)
        X[i] = X[i] * 2.0f;
}

// validate: rowsum(); float A S
// expect: exact
void rowsum(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < Q; j++)
            S[i] += A[i][j];
}

// validate: colsum(); float A S
// expect: 0.1
void colsum(void)
{
    for (int j = 0; j < Q; j++)
        for (int i = 0; i < R; i++)
            S[j] += A[i][j];
}

// validate: transpose(); float A B
// expect: 0.15
void transpose(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < Q; j++)
            B[j][i] = A[i][j];
}

// validate: stencil5(); float G H
// expect: 0.05
void stencil5(void)
{
    for (int t = 0; t < T; t++)
        for (int i = 1; i < R - 1; i++)
            for (int j = 1; j < R - 1; j++)
                H[i][j] = 0.2f * (G[i][j] + G[i - 1][j] + G[i + 1][j] + G[i][j - 1] + G[i][j + 1]);
}

// validate: sweeps(); float G H
// expect: 0.05
void sweeps(void)
{
    for (int t = 0; t < T; t++) {
        for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
                H[i][j] = G[i][j] * 0.5f;
        for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
                G[i][j] = H[i][j] + 1.0f;
    }
}

// validate: mm_tiled(); float M1 M2 M3
// expect: 0.25 (a column of M2 on a quarter of the sets of a 4-way cache: near its conflict point)
void mm_tiled(void)
{
    for (int it = 0; it < R; it += 16)
        for (int kt = 0; kt < R; kt += 16)
            for (int jt = 0; jt < R; jt += 32)
                for (int i = it; i < (it + 16 < R ? it + 16 : R); i++)
                    for (int k = kt; k < (kt + 16 < R ? kt + 16 : R); k++)
                        for (int j = jt; j < (jt + 32 < R ? jt + 32 : R); j++)
                            M3[i][j] += M1[i][k] * M2[k][j];
}

// validate: mm_untiled(); float M1 M2 M3
// expect: 0.25 (as mm_tiled)
void mm_untiled(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < R; j++)
            for (int k = 0; k < R; k++)
                M3[i][j] += M1[i][k] * M2[k][j];
}

// validate: lower(); float G H
// expect: 0.3 (a triangular column walk whose set conflicts start half-way down the triangle: the model averages the fit over it)
void lower(void)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j <= i; j++)
            H[i][j] = G[j][i] + G[i][j];
}
