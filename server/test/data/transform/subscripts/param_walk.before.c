// loopsmith-test: --nest dot_param:11 --subscripts
// loopsmith-driver: dot_param(a, b, N); float a b
/* The walked pointers are the parameters themselves: nothing changes them before the loop or
 * reads them after it, so each becomes a subscript of its value at the call. */
#define N 9
float a[N], b[N];

float dot_param(const float *x, const float *y, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += *x++ * *y++;
    return s;
}
