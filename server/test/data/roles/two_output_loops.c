/* Two loops (a, b) index the output and the weights but not the input: both would be K, so neither is. */
#define A 2
#define B 3
#define C 4
#define H 8
float I[C][H + 2], Wt[A][B][C][3], O[A][B][H];
void f(void)
{
    for (int a = 0; a < A; a++)
        for (int b = 0; b < B; b++)
            for (int x = 0; x < H; x++)
                for (int c = 0; c < C; c++)
                    for (int i = 0; i < 3; i++)
                        O[a][b][x] += I[c][x + i] * Wt[a][b][c][i];
}
