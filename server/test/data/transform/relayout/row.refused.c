// loopsmith-test: --relayout I=HWC
// expect-refused: I\[c\] \(line 21\) takes a sub-array of I
/* A row pointer I[c] is a C x ... slice only in the old layout. */
#define C 3
#define H 6
#define W 5
float O[H][W], I[C][H + 2][W + 2], F[C][3][3];

void conv(void)
{
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int r = 0; r < 3; r++)
                    for (int s = 0; s < 3; s++)
                        O[y][x] += I[c][y + r][x + s] * F[c][r][s];
}

float first(int c)
{
    float (*plane)[W + 2] = I[c];
    return plane[0][0];
}
