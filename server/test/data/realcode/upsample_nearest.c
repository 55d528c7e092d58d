/* Nearest-neighbour upsampling by an integer factor s: source pixel by division. */
void upsample_nearest(const float *in, float *out, int C, int H, int W, int s)
{
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H * s; y++)
            for (int x = 0; x < W * s; x++)
                out[(c * H * s + y) * W * s + x] = in[(c * H + y / s) * W + x / s];
}
