/* Issue 7, reproducer 3b: a callee's loop counts in the caller with the actual argument
   (cols), not with a -D value of the callee's parameter name (n). */
float sum_array(float *a, int n) { float s = 0; for (int i = 0; i < n; ++i) s += a[i]; return s; }
void rowsums(float *out, float *d, int rows, int cols) {
    for (int r = 0; r < rows; ++r) out[r] += sum_array(d + cols * r, cols); }
