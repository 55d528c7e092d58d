// bench: fn=colnorm_struct defines= quick=R=12,C=10 flops=3*R*C
/* Column L2 norms of a row-major matrix whose sizes live in a struct. */
#include "bench.h"
#include <math.h>
#ifndef R
#define R 4000
#endif
#ifndef C
#define C 3000
#endif
typedef struct { int rows, cols; float *data; } mat_t;
float m_buf[R * C], n_buf[C];

void colnorm_struct(const mat_t *m, float *norm)
{
    for (int j = 0; j < m->cols; j++) {
        float s = 0.0f;
        for (int i = 0; i < m->rows; i++) {
            float v = m->data[i * m->cols + j];
            s += v * v;
        }
        norm[j] = sqrtf(s);
    }
}

int main(void)
{
    BENCH_FILL(m_buf, float);
    mat_t m = { R, C, m_buf };
    bench_start();
    colnorm_struct(&m, n_buf);
    bench_stop();
    BENCH_OUTPUT(n_buf, float, 'f');
    return 0;
}
