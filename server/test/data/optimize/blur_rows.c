// loopsmith-driver: blur(); float in out
// expect-plan: none
/* A 3-tap horizontal blur, already row-wise: nothing to gain from a reorder. */
#define H 64
#define W 100

float in[H][W], out[H][W];

void blur(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 1; x < W - 1; x++)
            out[y][x] = (in[y][x - 1] + in[y][x] + in[y][x + 1]) * (1.0f / 3.0f);
}
