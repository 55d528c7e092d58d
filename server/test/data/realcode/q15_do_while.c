/* Per-row requantisation of q15 data, microcontroller style: do { ... } while (--cnt). */
void scale_rows_q15(const short *in, short *out, const short *mult, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const short *src = in + r * cols;
        short *dst = out + r * cols;
        const int m = mult[r];
        int cnt = cols;
        do {
            *dst++ = (short)((*src++ * m) >> 15);
        } while (--cnt);
    }
}
