// bench: fn=mat_vec_mult_f32 defines= quick=ROWS=8,COLS=12 flops=2*ROWS*COLS
/* CMSIS-DSP's arm_mat_vec_mult_f32 as the library writes it without its 4-row unrolling (C89:
 * every variable declared at the top, assigned just before its loop, pointer walks and
 * countdowns), on a matrix held in a struct. */
#include "bench.h"
#ifndef ROWS
#define ROWS 2048
#endif
#ifndef COLS
#define COLS 2048
#endif
typedef float float32_t;
typedef struct { unsigned short numRows; unsigned short numCols; float32_t *pData; } arm_matrix_instance_f32;
float a_buf[ROWS * COLS], v_buf[COLS], y_buf[ROWS];

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

int main(void)
{
    BENCH_FILL(a_buf, float); BENCH_FILL(v_buf, float);
    arm_matrix_instance_f32 m = { ROWS, COLS, a_buf };
    bench_start();
    for (int rep = 0; rep < 4; rep++) mat_vec_mult_f32(&m, v_buf, y_buf);
    bench_stop();
    BENCH_OUTPUT(y_buf, float, 'f');
    return 0;
}
