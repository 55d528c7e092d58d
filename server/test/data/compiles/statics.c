/* A static local in a loop body: one object for every iteration, so the body cannot be
   copied (unroll refuses); fission cannot copy its declaration either. */
int counted(int *restrict out, const int *restrict in, int n)
{
    int last = 0;
    for (int i = 0; i < n; i++) {
        static int calls = 0;
        calls++;
        for (int k = 0; k < 2; k++)
            out[i * 2 + k] = in[i] + calls;
        last = calls;
    }
    return last;
}
