// loopsmith-test: --nest run:9 --privatize t
// expect-refused: no loop has just set it
/* The second loop reads t before it sets it: the value the first loop left flows into it. */
float a[8], b[8], c[8], d[8];

void run(int n)
{
    float t;
    for (int i = 0; i < n; i++) { t = a[i]; b[i] = t; }
    for (int j = 0; j < n; j++) { c[j] = t; t = d[j]; }
}
