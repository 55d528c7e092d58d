// loopsmith-test: --relayout I=HWC
// expect-refused: conv\(\) is called with J for its parameter I \(line 21: conv\(J\)\): that argument would have to change layout too
/* conv()'s parameter I takes the new layout, but run() also passes J, which keeps the old one. */
#define C 3
#define H 6
#define W 5
float O[H][W], I[C][H + 2][W + 2], F[C][3][3], J[C][H + 2][W + 2];

void conv(float I[C][H + 2][W + 2])
{
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int r = 0; r < 3; r++)
                    for (int s = 0; s < 3; s++)
                        O[y][x] += I[c][y + r][x + s] * F[c][r][s];
}

void run(void)
{
    conv(J);
    conv(I);
}
