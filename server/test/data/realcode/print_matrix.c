/* A loop nest that prints: the calls to printf may not be reordered. */
void print_matrix(const float *a, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            printf("a %d %.9g\n", i * m + j, (double)a[i * m + j]);
}
