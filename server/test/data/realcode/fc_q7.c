/* int8 fully connected layer, microcontroller style: four MACs per block counted by
   while (cnt--), then the tail; saturation to int8. */
typedef signed char q7_t;
typedef int q31_t;

void fc_q7(const q7_t *vec, const q7_t *mat, const q7_t *bias, int dim_vec, int rows,
           int bias_shift, int out_shift, q7_t *out)
{
    for (int r = 0; r < rows; r++) {
        q31_t sum = ((q31_t)bias[r] << bias_shift);
        const q7_t *pA = vec;
        const q7_t *pB = mat + r * dim_vec;
        int cnt = dim_vec >> 2;
        while (cnt--) {
            sum += pA[0] * pB[0];
            sum += pA[1] * pB[1];
            sum += pA[2] * pB[2];
            sum += pA[3] * pB[3];
            pA += 4;
            pB += 4;
        }
        cnt = dim_vec & 3;
        while (cnt--) {
            sum += *pA++ * *pB++;
        }
        sum >>= out_shift;
        out[r] = (q7_t)(sum > 127 ? 127 : (sum < -128 ? -128 : sum));
    }
}
