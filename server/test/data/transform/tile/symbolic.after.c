// loopsmith-test: --nest add:11 --tile i=16,j=0
// loopsmith-driver: add(37, 70); add(1, 1); float A B
/* Symbolic bounds, loop variables declared outside, a name i_t already taken, default j size. */

float A[40][80];
float B[40][80];

void add(int n, int m)
{
    int i, j, i_t = 0;
    for (int i_tt = 0; i_tt < n; i_tt += 16)
        for (int j_t = 0; j_t < m; j_t += 32)
            for (i = i_tt; i < (i_tt + 16 < n ? i_tt + 16 : n); i++)
                for (j = j_t; j < (j_t + 32 < m ? j_t + 32 : m); j++)
                    A[i][j] = A[i][j] + B[i][j] * 0.5f;
    (void)i_t;
}
