// loopsmith-test: --nest rows2:11 --fission
// loopsmith-driver: rows2(); float X Y
/* A const index local used by both loops: each part gets its own copy, and the scalar's own
   dependence (declaration to use) does not block the split. */

float X[6 * 8];
float Y[6 * 8];

void rows2(void)
{
    for (int i = 0; i < 6; i++) {
        const int base = i * 8;
        for (int j = 0; j < 8; j++)
            Y[base + j] = X[base + j];
        for (int j = 0; j < 8; j++)
            Y[base + j] *= 2.0f;
    }
}
