// loopsmith-test: --nest walk:10 --permute j,i
// expect-refused: reverse a dependence
// loopsmith-driver: walk(); float A B
/* The body walks a pointer inside its access (*p++): reordered headers would hand each iteration
 * another element. The increment is a write of p that the dependences see. */
float A[64], B[8][8];

void walk(void) {
    const float *p = A;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            B[i][j] = *p++;
}
