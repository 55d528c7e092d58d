// bench: fn=fc_q15_while defines= quick=ROWS=8,DIM=16 flops=2*ROWS*DIM
/* A q15 fully-connected layer as CMSIS-NN writes it: int16 weights and inputs walked with *p++,
 * a uint16_t countdown, an int32 accumulator started at the bias, a shift on the store. */
#include "bench.h"
#ifndef ROWS
#define ROWS 2048
#endif
#ifndef DIM
#define DIM 2048
#endif
int16_t m_buf[ROWS * DIM], v_buf[DIM];
int32_t bias_buf[ROWS], out_buf[ROWS];

void fc_q15_while(const int16_t *pV, const int16_t *pM, uint16_t dim_vec, uint16_t num_of_rows, const int32_t *bias, int32_t *pOut)
{
    for (int o = 0; o < num_of_rows; o++) {
        const int16_t *pB = pV;
        const int16_t *pA = pM + o * dim_vec;
        int32_t sum = bias[o];
        uint16_t colCnt = dim_vec;
        while (colCnt) {
            sum += *pA++ * *pB++;
            colCnt--;
        }
        pOut[o] = sum >> 4;
    }
}

int main(void)
{
    BENCH_FILL_INT(m_buf, int16_t, -128, 127); BENCH_FILL_INT(v_buf, int16_t, -128, 127); BENCH_FILL_INT(bias_buf, int32_t, -1000, 1000);
    bench_start();
    for (int rep = 0; rep < 8; rep++) fc_q15_while(v_buf, m_buf, DIM, ROWS, bias_buf, out_buf);
    bench_stop();
    BENCH_OUTPUT(out_buf, int32_t, 'i');
    return 0;
}
