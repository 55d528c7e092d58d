/* Global average pooling, microcontroller style: blocks of four counted by while (cnt--),
   then the tail. */
void global_avgpool(const float *in, float *out, int ch, int dim)
{
    for (int c = 0; c < ch; c++) {
        const float *p = in + c * dim;
        float sum = 0.0f;
        int cnt = dim >> 2;
        while (cnt--) {
            sum += p[0];
            sum += p[1];
            sum += p[2];
            sum += p[3];
            p += 4;
        }
        cnt = dim & 3;
        while (cnt--) {
            sum += *p++;
        }
        out[c] = sum / (float)dim;
    }
}
