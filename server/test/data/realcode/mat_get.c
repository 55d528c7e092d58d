/* A matrix type with its sizes and buffer in a struct, read element by element through an
   accessor, as small C math libraries write it: the accessor's m->v and m->cols are the
   caller's a->v and a->cols (get() changes nothing through m). */
typedef struct { int rows, cols; float *v; } mat_t;

static inline float mat_get(const mat_t *m, int i, int j) { return m->v[i * m->cols + j]; }
static inline void mat_set(mat_t *m, int i, int j, float x) { m->v[i * m->cols + j] = x; }

void mat_mul(const mat_t *a, const mat_t *b, mat_t *c)
{
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < b->cols; j++) {
            float s = 0;
            for (int k = 0; k < a->cols; k++)
                s += mat_get(a, i, k) * mat_get(b, k, j);
            mat_set(c, i, j, s);
        }
}
