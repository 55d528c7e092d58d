/* Brute-force driver for samples/pooling.c: the test writes the instrumented sample as kernel.c. */
#include "kernel.c"

int main(void)
{
    /* Varied data so the data-dependent `if (v > m)` takes both branches. */
    unsigned s = 12345u;
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) { s = s * 1103515245u + 12345u; in[c][y][x] = (float)((s >> 16) % 1000) / 100.0f - 5.0f; }
    maxpool2x2();
    avgpool2x2();
    __ls_report();
    return 0;
}
