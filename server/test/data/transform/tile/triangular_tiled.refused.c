// loopsmith-test: --nest lower:12 --tile i=3,j=3
// expect-refused: min\(j_t \+ 3, i\): no closed form
/* Tiled triangular code tiled again: j's bound is a min over i, not an affine bound, so no new
 * bounds are derived (the tile loops would name i outside its loop). */

#define N 16

double L[N][N];

void lower(void)
{
    for (int i_t = 0; i_t < N; i_t += 4)
        for (int j_t = 0; j_t < N; j_t += 4)
            for (int i = i_t; i < i_t + 4; i++)
                for (int j = j_t; j <= (j_t + 3 < i ? j_t + 3 : i); j++)
                    L[i][j] = 0.5 * L[i][j];
}
