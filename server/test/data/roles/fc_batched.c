/* Batched FC: O = I W^T over a batch. The same shape as matmul (C = A B^T). */
#define NB 8
#define IN 64
#define OUT 10
float I[NB][IN], Wt[OUT][IN], O[NB][OUT];
void fc_batched(void)
{
    for (int b = 0; b < NB; b++)
        for (int o = 0; o < OUT; o++)
            for (int c = 0; c < IN; c++)
                O[b][o] += I[b][c] * Wt[o][c];
}
