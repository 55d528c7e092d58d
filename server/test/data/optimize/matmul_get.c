// loopsmith-driver: run(); float A B C D
// expect-plan: --accumulate-in-place s; --fission --at 18; --permute k,j --at 22
/* Matrix product through an accessor on a struct (rows, cols, data), each matrix with its own
 * row length: the store c->v[i*c->cols + j] with j < b->cols keeps rows apart only when
 * c->cols >= b->cols, so the plan runs under that check (and the overlap check). (optimize.test.ts
 * also runs the result on d, whose rows are shorter than b's: there the code as written runs.) */
typedef struct { int rows, cols; float *v; } mat_t;
#define R 96
#define K 80
#define CC 112
float A[R * K], B[K * CC], C[R * CC], D[R * CC];

static inline float get(const mat_t *m, int i, int j) { return m->v[i * m->cols + j]; }

void matmul(const mat_t *a, const mat_t *b, mat_t *c)
{
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < b->cols; j++) {
            float s = 0;
            for (int k = 0; k < a->cols; k++)
                s += get(a, i, k) * get(b, k, j);
            c->v[i * c->cols + j] = s;
        }
}

void run(void)
{
    mat_t a = { R, K, A }, b = { K, CC, B }, c = { R, CC, C }, d = { R - 1, CC - 1, D };
    matmul(&a, &b, &c);
    (void)d;
}
