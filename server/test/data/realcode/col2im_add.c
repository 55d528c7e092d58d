/* col2im for the backward pass: every column element is added back onto its image pixel. */
void col2im_add(const float *cols, float *img, int C, int H, int W, int R)
{
    const int OH = H - R + 1, OW = W - R + 1;
    for (int c = 0; c < C; c++)
        for (int ky = 0; ky < R; ky++)
            for (int kx = 0; kx < R; kx++) {
                const float *src = cols + ((c * R + ky) * R + kx) * OH * OW;
                float *base = img + c * H * W + ky * W + kx;
                for (int oy = 0; oy < OH; oy++) {
                    float *d = base + oy * W;
                    for (int ox = 0; ox < OW; ox++)
                        d[ox] += src[oy * OW + ox];
                }
            }
}
