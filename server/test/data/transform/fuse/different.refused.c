// loopsmith-test: --nest two:7 --fuse
// expect-refused: headers .* differ
float a[100], b[50];

void two(void)
{
    for (int i = 0; i < 100; i++)
        a[i] = 0.0f;
    for (int i = 0; i < 50; i++)
        b[i] = 1.0f;
}
