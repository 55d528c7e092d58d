/*
 * Symmetric rank-k update (SYRK, lower triangle): C = alpha * A * A^T + beta * C.
 * The j loop is triangular (j <= i), so its trip count i + 1 depends on the
 * outer loop and the total work is M * N * (N + 1) / 2, not M * N * N.
 * A[j][k] is unit stride in k but jumps a whole row of M doubles per j step.
 * every_fourth shows a strided loop: i = 3, 7, ..., 47 touches every 4th double.
 */

#define N 40
#define M 30
#define L 50

double A[N][M];
double C[N][N];
double D[L];

void syrk(double alpha, double beta)
{
    int i, j, k;

    for (i = 0; i < N; i++) {
        for (j = 0; j <= i; j++) {
            C[i][j] *= beta;
            for (k = 0; k < M; k++)
                C[i][j] += alpha * A[i][k] * A[j][k];
        }
    }
}

void every_fourth(void)
{
    for (int i = 3; i <= L - 1; i += 4)
        D[i] = D[i] * 2.0;
}
