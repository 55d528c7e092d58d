// loopsmith-test: --nest avgpool:11 --while-to-for
// loopsmith-driver: avgpool(in, out, H, W); float in out
/* Column means with a pointer walk and a countdown (CMSIS style): the walk becomes subscripts of
 * the array it walks, the countdown a for loop; the pointer's and the counter's declarations go. */
#define H 7
#define W 5
float in[H * W], out[W];

void avgpool(const float *src, float *dst, int h, int w)
{
    for (int x = 0; x < w; x++) {
        float s = 0;
        for (int cnt = 0; cnt < h; cnt++) {
            s += src[x + w*cnt];
        }
        dst[x] = s / h;
    }
}
