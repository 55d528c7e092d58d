// bench: fn=gemv_t_struct defines= quick=R=12,C=10 flops=2*R*C
/* y = A^T x with the sizes held in a struct of size_t fields, as a tensor library writes it. */
#include "bench.h"
#ifndef R
#define R 4000
#endif
#ifndef C
#define C 3000
#endif
typedef struct { size_t rows, cols; const float *data; } tensor_t;
float a_buf[R * C], x_buf[R], y_buf[C];

void gemv_t_struct(const tensor_t *a, const float *x, float *y)
{
    for (size_t j = 0; j < a->cols; j++) {
        float s = 0.0f;
        for (size_t i = 0; i < a->rows; i++)
            s += a->data[i * a->cols + j] * x[i];
        y[j] = s;
    }
}

int main(void)
{
    BENCH_FILL(a_buf, float); BENCH_FILL(x_buf, float);
    tensor_t a = { R, C, a_buf };
    bench_start();
    gemv_t_struct(&a, x_buf, y_buf);
    bench_stop();
    BENCH_OUTPUT(y_buf, float, 'f');
    return 0;
}
