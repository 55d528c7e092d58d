// loopsmith-test: --nest mm:9 --to-layout NCHW
// expect-refused: does not read as a tensor kernel
/* A matmul: nothing in the subscripts tells the input from the weights, so no loop has a role. */
#define M 4
float A[M][M], B[M][M], Cm[M][M];

void mm(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            for (int k = 0; k < M; k++)
                Cm[i][j] += A[i][k] * B[k][j];
}
