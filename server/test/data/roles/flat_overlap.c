/* A flat subscript that does not split: x*2 + i has coefficients 2*W (x) and W (i) that overlap. */
#define C 2
#define H 9
#define W 9
float in[C * H * W], out[C * 4 * 4];
void pool_flat(void)
{
    for (int c = 0; c < C; c++)
        for (int x = 0; x < 4; x++)
            for (int y = 0; y < 4; y++)
                for (int i = 0; i < 3; i++)
                    out[(c * 4 + x) * 4 + y] += in[c * H * W + (x * 2 + i) * W + y];
}
