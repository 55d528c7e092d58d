/* Channel shuffle: the destination channel is computed with % and / in locals. */
void channel_shuffle(const float *in, float *out, int C, int groups, int hw)
{
    const int cpg = C / groups;
    for (int c = 0; c < C; c++) {
        int g = c % groups;
        int k = c / groups;
        int oc = g * cpg + k;
        for (int p = 0; p < hw; p++)
            out[oc * hw + p] = in[c * hw + p];
    }
}
