/* Brute-force driver for samples/depthwise.c: the test writes the instrumented sample as kernel.c. */
#include "kernel.c"

int main(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < C; c++) in[y][x][c] = (int8_t)((y * 31 + x * 7 + c) % 255 - 127);
    depthwise3x3();
    __ls_report();
    return 0;
}
