// loopsmith-test: --nest shift:9 --fuse
// expect-refused: dependence on a: a\[i \+ 1\]
/* The second loop reads a[i + 1], written by the first loop's NEXT iteration: fusing would read it too early. */

float a[101], b[101], c[100];

void shift(void)
{
    for (int i = 0; i < 100; i++)
        a[i] = b[i] * 2.0f;
    for (int i = 0; i < 100; i++)
        c[i] = a[i + 1];
}
