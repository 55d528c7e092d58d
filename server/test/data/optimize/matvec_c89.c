// loopsmith-driver: run(); float A V Y
// expect-plan: --while-to-for --at 24; --while-to-for --at 26; --split-accumulators 16
/* CMSIS-DSP's matrix-vector product as the library writes it (C89: every variable declared at
 * the top, assigned just before its loop): both countdowns become for loops with subscripts (the
 * outer one first: the row walk's offset moves with it), then the dot product gets partial sums. */
typedef float float32_t;
typedef struct { unsigned short numRows; unsigned short numCols; float32_t *pData; } arm_matrix_instance_f32;
float A[40 * 37], V[37], Y[40];

void mat_vec_mult_f32(const arm_matrix_instance_f32 *pSrcMat, const float32_t *pVec, float32_t *pDst)
{
    unsigned int numRows = pSrcMat->numRows;
    unsigned int numCols = pSrcMat->numCols;
    const float32_t *pSrcA = pSrcMat->pData;
    const float32_t *pInA1;
    const float32_t *pInVec;
    float32_t *px;
    unsigned int i, row, colCnt;
    float32_t sum;

    px = pDst;
    i = 0u;
    row = numRows;
    while (row > 0) {
        sum = 0.0f;
        pInVec = pVec;
        pInA1 = pSrcA + i;
        colCnt = numCols;
        while (colCnt > 0u) {
            sum += *pInA1++ * *pInVec++;
            colCnt--;
        }
        *px++ = sum;
        i = i + numCols;
        row--;
    }
}

void run(void)
{
    arm_matrix_instance_f32 m = { 40, 37, A };
    mat_vec_mult_f32(&m, V, Y);
}
