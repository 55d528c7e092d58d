/* im2col with zero padding, stride 1: a helper returns the pixel or 0 outside the image. */
static float pixel_or_zero(const float *img, int h, int w, int y, int x)
{
    if (y < 0 || x < 0 || y >= h || x >= w) return 0.0f;
    return img[y * w + x];
}

void im2col(const float *img, float *cols, int C, int H, int W, int R, int pad)
{
    const int OH = H + 2 * pad - R + 1;
    const int OW = W + 2 * pad - R + 1;
    for (int c = 0; c < C; c++)
        for (int ky = 0; ky < R; ky++)
            for (int kx = 0; kx < R; kx++) {
                int row = (c * R + ky) * R + kx;
                float *dst = cols + row * OH * OW;
                for (int oy = 0; oy < OH; oy++)
                    for (int ox = 0; ox < OW; ox++)
                        dst[oy * OW + ox] = pixel_or_zero(img + c * H * W, H, W, oy + ky - pad, ox + kx - pad);
            }
}
