/*
 * Depthwise 3x3 convolution on an int8 NHWC tensor with int32 accumulators
 * (the quantised layer in MobileNet-style networks on microcontrollers).
 * All MACs are integer: the nest does zero FLOPs. With c outside the window
 * loops, kx steps in[..][ox + kx][c] by C = 8 bytes and ky by W*C = 96 bytes;
 * moving c innermost (oy, ox, ky, kx, c) with a per-channel accumulator array
 * makes every access unit stride, which is what SIMD int8 kernels do.
 */

#include <stdint.h>

#define H 16
#define W 12
#define C 8
#define KH 3
#define KW 3
#define OH (H - KH + 1)
#define OW (W - KW + 1)

int8_t in[H][W][C];
int8_t wt[KH][KW][C];
int32_t out[OH][OW][C];

void depthwise3x3(void)
{
    for (int oy = 0; oy < OH; oy++) {
        for (int ox = 0; ox < OW; ox++) {
            for (int c = 0; c < C; c++) {
                int32_t acc = 0;
                for (int ky = 0; ky < KH; ky++) {
                    for (int kx = 0; kx < KW; kx++) {
                        acc += (int32_t)in[oy + ky][ox + kx][c] * (int32_t)wt[ky][kx][c];
                    }
                }
                out[oy][ox][c] = acc;
            }
        }
    }
}
