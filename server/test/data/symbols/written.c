/* Fields that change in the function are not symbols: each trip count is unknown with the reason. */
typedef struct { int n, len; } buf_t;
void drain(buf_t *q, float *o) {
    for (int i = 0; i < q->n; i++) o[i] = 0;
    q->n = 0;
}
void handed(buf_t *q, float *o) {
    for (int i = 0; i < q->len; i++) o[i] = 0;
    reset(q);
}
void other(buf_t *q, buf_t *r, float *o) {
    for (int i = 0; i < q->len; i++) { o[i] = 0; r->len--; }
}
void kept(const buf_t *q, float *o) {
    const int len = q->len;
    for (int i = 0; i < len; i++) o[i] = 1;
    use(q);
}
