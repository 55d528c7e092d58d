// loopsmith-test: --nest act:10 --permute j,i -D n=4 -D m=3
// expect-refused: gelu_approx\(\) is not defined in this file
/* gelu_approx is defined in another file and not declared pure: its calls keep their order. */
/* (no pure declaration) */

float gelu_approx(float x);

void act(int n, int m, float A[restrict n][m], float B[restrict m][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            B[j][i] = gelu_approx(A[i][j]);
}
