// loopsmith-test: --nest mv:11 --unroll-jam i=2 -D n=12
// loopsmith-driver: mv(12); mv(7); float M x y
/* The innermost body declares a const local: each jammed copy gets its own block. */

float M[12][12];
float x[12];
float y[12];

void mv(int n)
{
    for (int i = 0; i + 1 < n; i += 2)
        for (int j = 0; j < n; j++) {
            {
                const float a = M[i][j];
                y[i] += a * x[j];
            }
            {
                const float a = M[(i + 1)][j];
                y[(i + 1)] += a * x[j];
            }
        }
    for (int i = 0 + ((n) - (0)) / 2 * 2; i < n; i++)
        for (int j = 0; j < n; j++) {
            const float a = M[i][j];
            y[i] += a * x[j];
        }
}
