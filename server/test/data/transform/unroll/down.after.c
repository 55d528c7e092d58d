// loopsmith-test: --nest rev:11 --unroll i=2
// loopsmith-driver: rev(); int A
/* Counting down over 7 elements by 2: the remainder loop runs the last one (i = 0). */

#define N 7

int A[N + 1];

void rev(void)
{
    for (int i = N - 1; i - 1 >= 0; i -= 2) {
        A[i] = A[i + 1] * 2 - i;
        A[(i - 1)] = A[(i - 1) + 1] * 2 - (i - 1);
    }
    for (int i = N - 1 - ((N - 1) - (0) + 1) / 2 * 2; i >= 0; i--) {
        A[i] = A[i + 1] * 2 - i;
    }
}
