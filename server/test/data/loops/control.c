/* Early exits, skipped iterations and switches inside loops, as in decoding and
 * post-processing code. */

/* first index whose score reaches the threshold: a data-dependent break (unknown) */
int first_above(const float *score, int n, float thr)
{
    int i;
    for (i = 0; i < n; i++)
        if (score[i] >= thr)
            break;
    return i;
}

/* pairwise distances except the diagonal: if (j == i) continue; is an affine guard */
void offdiag(const float *p, float *d, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (j == i)
                continue;
            float t = p[i] - p[j];
            d[i * n + j] = t * t;
        }
}

/* activation chosen per layer: switch on the loop variable (affine, constant cases) */
void act_layers(float *x, int width)
{
    for (int l = 0; l < 3; l++) {
        switch (l) {
        case 0:
            for (int j = 0; j < width; j++) x[l * width + j] = x[l * width + j] > 0.0f ? x[l * width + j] : 0.0f;
            break;
        case 1:
            for (int j = 0; j < width; j++) x[l * width + j] *= 0.5f;
            break;
        default:
            for (int j = 0; j < width; j++) x[l * width + j] += 1.0f;
        }
    }
}

/* opcode per element: a switch on data (unknown with the reason) */
void apply_ops(float *x, const int *ops, int n)
{
    for (int i = 0; i < n; i++) {
        switch (ops[i]) {
        case 0: x[i] += 1.0f; break;
        case 1: x[i] *= 2.0f; break;
        default: break;
        }
    }
}

/* copy with a zero prefix: the second loop continues from the first one's final value */
void pad_copy(float *out, const float *in, int k, int n)
{
    int i;
    for (i = 0; i < k; i++)
        out[i] = 0.0f;
    for (; i < n; i++)
        out[i] = in[i - k];
}

/* reverse in place with two counters in one header */
void reverse(float *x, int n)
{
    int i, j;
    for (i = 0, j = n - 1; i < j; i++, j--) {
        float t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}

/* a convergence loop around a for nest: counts per iteration of the while */
int relax(float *x, const float *b, int n, float tol)
{
    float change = tol + 1.0f;
    int sweeps = 0;
    while (change > tol && sweeps < 50) {
        change = 0.0f;
        for (int i = 1; i < n - 1; i++) {
            float nx = 0.5f * (x[i - 1] + x[i + 1]) + b[i];
            float dlt = nx - x[i];
            change += dlt > 0.0f ? dlt : -dlt;
            x[i] = nx;
        }
        sweeps++;
    }
    return sweeps;
}

/* lower-triangular accumulation written with an early exit: if (j > i) break; bounds j by i */
void tri_break(const float *a, float *rowsum, int n)
{
    for (int i = 0; i < n; i++) {
        float s = 0.0f;
        for (int j = 0; j < n; j++) {
            if (j > i)
                break;
            s += a[i * n + j];
        }
        rowsum[i] = s;
    }
}

/* the last index below a limit, counting down: if (j < lo) break; with an affine lo */
void tail_down(float *x, int n, int lo)
{
    for (int j = n - 1; j >= 0; j--) {
        if (j < lo)
            break;
        x[j] = 0.5f * x[j];
    }
}

/* a break after the row's first statement: it runs once more than the rest of the body */
void tri_late(const float *a, float *rowsum, float *diag, int n)
{
    for (int i = 0; i < n; i++) {
        float s = 0.0f;
        for (int j = 0; j < n; j++) {
            diag[i] = a[i * n + j];
            if (j >= i)
                break;
            s += a[i * n + j];
        }
        rowsum[i] = s;
    }
}
