// loopsmith-test: --nest rows:9 --permute j,i
// loopsmith-driver: rows(); float A
// expect-refused: loop j \(line 11\) is under #pragma omp parallel for: its clauses describe this loop order
/* Swapping the headers would put the parallel pragma on loop i, which carries the dependence. */
float A[10][12];

void rows(void)
{
    for (int i = 1; i < 10; i++) {
        #pragma omp parallel for
        for (int j = 0; j < 12; j++)
            A[i][j] = A[i - 1][j] * 0.5f + 1.0f;
    }
}
