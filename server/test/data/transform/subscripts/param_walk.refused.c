// loopsmith-test: --nest dot_param:11 --subscripts
// expect-refused: walks no pointer that can be replaced
// loopsmith-driver: dot_param(a, b, N); float a b
/* The walked pointers are the parameters themselves: their walk is left as written. */
#define N 9
float a[N], b[N];

float dot_param(const float *x, const float *y, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += *x++ * *y++;
    return s;
}
