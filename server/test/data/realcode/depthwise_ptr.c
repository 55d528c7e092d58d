/* 3x3 depthwise convolution, stride 1, no padding: per-channel plane pointers and three row
   pointers per output pixel, the output written through a walking pointer. */
void depthwise3x3(const float *in, const float *wt, float *out, int C, int H, int W)
{
    const int OH = H - 2, OW = W - 2;
    for (int c = 0; c < C; c++) {
        const float *ip = in + c * H * W;
        const float *k = wt + c * 9;
        float *op = out + c * OH * OW;
        for (int y = 0; y < OH; y++) {
            for (int x = 0; x < OW; x++) {
                const float *r0 = ip + y * W + x;
                const float *r1 = r0 + W;
                const float *r2 = r1 + W;
                float s = r0[0] * k[0] + r0[1] * k[1] + r0[2] * k[2]
                        + r1[0] * k[3] + r1[1] * k[4] + r1[2] * k[5]
                        + r2[0] * k[6] + r2[1] * k[7] + r2[2] * k[8];
                *op++ = s;
            }
        }
    }
}
