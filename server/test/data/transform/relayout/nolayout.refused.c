// loopsmith-test: --relayout A=JI
// expect-refused: A has no tensor layout
/* A matmul operand: no nest reads A as a tensor, so the letters name no dimensions. */
#define M 4
float A[M][M], B[M][M], Cm[M][M];
void mm(void)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            for (int k = 0; k < M; k++)
                Cm[i][j] += A[i][k] * B[k][j];
}
