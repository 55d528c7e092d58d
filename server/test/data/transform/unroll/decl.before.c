// loopsmith-test: --nest norm:13 --unroll j=2
// loopsmith-driver: norm(); double A Y
/* The body declares t: each copy gets its own block so t is not declared twice. */

#define N 4
#define M 8

double A[N][M];
double Y[N][M];

void norm(void)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < M; j++) {
            double t = A[i][j] * A[i][j];
            Y[i][j] = t + 1.0;
        }
    }
}
