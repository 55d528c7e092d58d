// loopsmith-test: --nest strided:12 --permute j,i
// loopsmith-driver: strided(); int A
/* Non-unit steps and a non-zero lower bound: the headers move unchanged. */

#define N 40
#define M 30

int A[N][M];

void strided(void)
{
    for (int i = 1; i < N; i += 2) {
        for (int j = 0; j <= M - 3; j += 3) {
            A[i][j] = A[i][j] * 3 + i - j;
        }
    }
}
