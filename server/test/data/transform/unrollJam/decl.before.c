// loopsmith-test: --nest mv:11 --unroll-jam i=2 -D n=12
// loopsmith-driver: mv(12); mv(7); float M x y
/* The innermost body declares a const local: each jammed copy gets its own block. */

float M[12][12];
float x[12];
float y[12];

void mv(int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            const float a = M[i][j];
            y[i] += a * x[j];
        }
}
