/* The same conv on flat pointers with symbolic sizes: every subscript splits into dimensions
   (each coefficient is larger than what the dimensions below it reach). */
void conv_flat(int C, int K, int H, int W, int R, const float *in, const float *wt, float *out)
{
    for (int k = 0; k < K; k++)
        for (int y = 0; y < H - R + 1; y++)
            for (int x = 0; x < W - R + 1; x++)
                for (int c = 0; c < C; c++)
                    for (int i = 0; i < R; i++)
                        for (int j = 0; j < R; j++)
                            out[(k * (H - R + 1) + y) * (W - R + 1) + x] += in[(c * H + y + i) * W + x + j] * wt[((k * C + c) * R + i) * R + j];
}
