/* Bias added to every image of a batch: while (batch) { ...; batch--; } around the nest,
   the output pointer bumped per image. */
void add_bias_batched(float *out, const float *bias, int batch, int n, int size)
{
    while (batch) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < size; j++)
                out[i * size + j] += bias[i];
        out += n * size;
        batch--;
    }
}
