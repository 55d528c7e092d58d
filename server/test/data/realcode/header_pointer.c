/* Column accumulation of a row-major matrix: the row pointer is stepped in the loop header. */
void col_accumulate(const float *in, float *acc, int rows, int cols)
{
    int i;
    const float *p;
    for (i = 0, p = in; i < rows; i++, p += cols)
        for (int j = 0; j < cols; j++)
            acc[j] += p[j];
}
