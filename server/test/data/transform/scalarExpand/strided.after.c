// loopsmith-test: --nest avg:11 --scalar-expand s
// loopsmith-driver: avg(); float in out
/* y and x step by 2 from 0: the array is indexed by y and x themselves (affine), so every other row and column stays unused. */

#define H 8
#define W 6
float in[H][W], out[H][W];

void avg(void)
{
    float s[7][5];
    for (int y = 0; y <= H - 2; y += 2)
        for (int x = 0; x <= W - 2; x += 2) {
            s[y][x] = 0.0f;
            for (int d = 0; d < 2; d++)
                s[y][x] += in[y + d][x] + in[y + d][x + 1];
            out[y][x] = s[y][x] * 0.25f;
        }
}
