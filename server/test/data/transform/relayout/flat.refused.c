// loopsmith-test: --relayout in=HWC
// expect-refused: in is declared as a pointer \(\*in\): its layout is in the index arithmetic
/* A flat pointer with linearised subscripts: the layout is in the arithmetic, not in the declaration. */
#define C 3
#define H 8
#define W 8
#define R 3
void conv(const float *in, const float *wt, float *out)
{
    for (int y = 0; y < H - R + 1; y++)
        for (int x = 0; x < W - R + 1; x++)
            for (int c = 0; c < C; c++)
                for (int i = 0; i < R; i++)
                    for (int j = 0; j < R; j++)
                        out[y * (W - R + 1) + x] += in[(c * H + y + i) * W + x + j] * wt[(c * R + i) * R + j];
}
