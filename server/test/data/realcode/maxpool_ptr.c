/* 2x2 max pooling, stride 2 (an odd last row/column is dropped). */
void maxpool2x2(const float *in, float *out, int C, int H, int W)
{
    const int OH = H / 2, OW = W / 2;
    for (int c = 0; c < C; c++) {
        const float *p = in + c * H * W;
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                const float *q = p + 2 * y * W + 2 * x;
                float m = fmaxf(fmaxf(q[0], q[1]), fmaxf(q[W], q[W + 1]));
                out[(c * OH + y) * OW + x] = m;
            }
        }
    }
}
