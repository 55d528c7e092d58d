// loopsmith-test: --relayout I=HWC
// expect-refused: I's address escapes to load_input\(\) \(line 13: load_input\(I\)\), a function not defined in this file
/* load_input() is in another file: it would fill I in the old layout. */
#define C 3
#define H 6
#define W 5
float O[H][W], I[C][H + 2][W + 2], F[C][3][3];

void load_input(float in[C][H + 2][W + 2]);

void conv(void)
{
    load_input(I);
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int r = 0; r < 3; r++)
                    for (int s = 0; s < 3; s++)
                        O[y][x] += I[c][y + r][x + s] * F[c][r][s];
}
