// loopsmith-test: --nest norm:7 --accumulate-in-place s
// expect-refused: used after its store
/* s is used after its store: the element and the scalar part ways. */
float a[8][8], r[8], q[8];

void norm(void) {
    for (int i = 0; i < 8; i++) {
        float s = 0.0f;
        for (int k = 0; k < 8; k++)
            s += a[i][k];
        r[i] = s;
        q[i] = s * 2.0f;
    }
}
