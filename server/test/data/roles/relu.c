/* Elementwise ReLU over a CHW tensor: no parameters, no reduction, no window. */
#define C 4
#define H 8
#define W 8
float X[C][H][W], Y[C][H][W];
void relu(void)
{
    for (int c = 0; c < C; c++)
        for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++)
                Y[c][h][w] = X[c][h][w] > 0.0f ? X[c][h][w] : 0.0f;
}
