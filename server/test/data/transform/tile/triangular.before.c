// loopsmith-test: --nest lower:13 --tile i=4,j=4
// loopsmith-driver: lower(); double L
/* j <= i: the tiles cover the triangle's bounding box; each point loop keeps its own bound,
 * clipped to the tile (j up to the tile end or i), so tiles above the diagonal run nothing. A
 * tile size dividing N still needs the clip on j, whose range moves with i. */

#define N 16

double L[N][N];

void lower(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j <= i; j++)
            L[i][j] = 0.5 * L[i][j];
}
