/*
 * One sweep of a 2-D 5-point Jacobi stencil, double-buffered: A is only read
 * and B is only written, so the sweep has no loop-carried dependence.
 * All six references are unit stride in j; A[i-1][j] and A[i+1][j] are
 * N = 64 floats away from A[i][j], so three rows of A must stay in cache to get
 * reuse. With 5 FLOPs per point it is firmly memory bound.
 */

#define N 64

float A[N][N];
float B[N][N];

void jacobi2d(void)
{
    for (int i = 1; i < N - 1; i++) {
        for (int j = 1; j < N - 1; j++) {
            B[i][j] = 0.2f * (A[i][j] + A[i-1][j] + A[i+1][j] + A[i][j-1] + A[i][j+1]);
        }
    }
}
