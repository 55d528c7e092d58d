// loopsmith-driver: run(); float A V
// expect-plan: none
/* One column of a row-major matrix of unknown size, dotted with a vector: each step of the sum
 * reads a new cache line of data that may not stay in cache, so the loop waits on memory, not
 * on the add's latency, and split accumulators would only add overhead (measured 0.84-0.98x on
 * such walks). With nothing to reorder, the plan is none. */
float A[30 * 17], V[17];

void column_dot(int rows, int cols, const float *a, int j, float *out)
{
    float s = 0;
    for (int i = 0; i < rows; i++)
        s += a[i * cols + j] * a[i * cols];
    *out = s;
}

void run(void)
{
    for (int j = 0; j < 17; j++)
        column_dot(30, 17, A, j, &V[j]);
}
