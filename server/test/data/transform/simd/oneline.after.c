// loopsmith-test: --nest total:8 --simd
// loopsmith-driver: total(); float a r
/* The loop shares its line with a declaration: the pragma starts a line of its own. */
float a[20], r[1];

void total(void)
{
    float s = 0.0f; 
    #pragma omp simd reduction(+:s)
    for (int i = 0; i < 20; i++) s += a[i];
    r[0] = s;
}
