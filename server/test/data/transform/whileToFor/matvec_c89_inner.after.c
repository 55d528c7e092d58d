// loopsmith-test: --nest mat_vec_mult_f32:22 --while-to-for -D numCols=9
// loopsmith-driver: run(); float A V Y
/* The same product once its outer loop is a for loop (matvec_c89): the row walk becomes
 * subscripts of the matrix, the offset i that only fed it goes with it (gcc -Wall would say it is
 * set but not used), and so does pSrcA. With -D numCols=9 the subscript still reads numCols: a
 * rewrite prints only what the source fixes, never an assumed value. */
typedef float float32_t;
typedef struct { unsigned short numRows; unsigned short numCols; float32_t *pData; } arm_matrix_instance_f32;
float A[6 * 9], V[9], Y[6];

void mat_vec_mult_f32(const arm_matrix_instance_f32 *pSrcMat, const float32_t *pVec, float32_t *pDst)
{
    unsigned int numRows = pSrcMat->numRows;
    unsigned int numCols = pSrcMat->numCols;
    float32_t sum;

    for (unsigned int row = 0; row < numRows; row++) {
        sum = 0.0f;
        for (unsigned int colCnt = 0; colCnt < numCols; colCnt++) {
            sum += pSrcMat->pData[row*numCols + colCnt] * pVec[colCnt];
        }
        pDst[row] = sum;
    }
}

void run(void)
{
    arm_matrix_instance_f32 m = { 6, 9, A };
    mat_vec_mult_f32(&m, V, Y);
}
