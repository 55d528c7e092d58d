/* A declaration without initialiser between the loops of a band: the band is not perfect. */
void scaled(float A[64][64], float B[64][64])
{
    for (int i = 0; i < 64; i++) {
        float t;
        for (int j = 0; j < 64; j++) {
            t = A[i][j] * 2.0f;
            B[i][j] = t + 1.0f;
        }
    }
}

/* Declarations in the innermost body of a perfect band (tile, permute, unroll-jam). */
void mm(int n, float C[n][n], float A[n][n], float B[n][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++) {
                const float a = A[i][k];
                float *c = &C[i][j];
                *c += a * B[k][j];
            }
}
