/*
 * 2x2, stride-2 pooling on a CHW feature map, written two ways.
 * maxpool2x2 loops over output positions and reads in[c][2 * oy + dy][2 * ox + dx]:
 * the window loops dx/dy have strides 1 and W, while ox advances 2 floats.
 * Max pooling is pure comparisons, so it does zero FLOPs and is memory bound.
 * avgpool2x2 instead steps the input loops with y += 2 / x += 2 and stores into
 * a flat array at (c * H + y) * W + x; it does 4 adds and 1 multiply per window.
 */

#include <float.h>

#define C 8
#define H 32
#define W 24

float in[C][H][W];
float out_max[C][H / 2][W / 2];
float out_avg[C * H * W];

void maxpool2x2(void)
{
    for (int c = 0; c < C; c++) {
        for (int oy = 0; oy < H / 2; oy++) {
            for (int ox = 0; ox < W / 2; ox++) {
                float m = -FLT_MAX;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        float v = in[c][2 * oy + dy][2 * ox + dx];
                        if (v > m) m = v;
                    }
                }
                out_max[c][oy][ox] = m;
            }
        }
    }
}

void avgpool2x2(void)
{
    for (int c = 0; c < C; c++) {
        for (int y = 0; y <= H - 2; y += 2) {
            for (int x = 0; x <= W - 2; x += 2) {
                float s = 0.0f;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        s += in[c][y + dy][x + dx];
                    }
                }
                out_avg[(c * H + y) * W + x] = s * 0.25f;
            }
        }
    }
}
