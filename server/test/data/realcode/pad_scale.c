/* Zero padding as an if/else on the position: copies a C x H x W image, scaled, into a
   padded C x (H + 2p) x (W + 2p) buffer; the border is written with zeros. */
void pad_scale(const float *in, float *out, int C, int H, int W, int p, float scale)
{
    const int PH = H + 2 * p, PW = W + 2 * p;
    for (int c = 0; c < C; c++)
        for (int y = 0; y < PH; y++)
            for (int x = 0; x < PW; x++) {
                if (y < p || y >= H + p || x < p || x >= W + p)
                    out[(c * PH + y) * PW + x] = 0.0f;
                else
                    out[(c * PH + y) * PW + x] = in[(c * H + y - p) * W + x - p] * scale;
            }
}
