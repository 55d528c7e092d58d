/* Token embedding: the row of the table is chosen by the token id (a data-dependent base). */
void embed(const int *tokens, const float *table, float *out, int T, int dim)
{
    for (int t = 0; t < T; t++) {
        const float *row = table + tokens[t] * dim;
        for (int i = 0; i < dim; i++)
            out[t * dim + i] = row[i];
    }
}
