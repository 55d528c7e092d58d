#include <stdio.h>
#include <stdlib.h>
#include "kernel.c"
#include "common.h"
int main(void) {
  layer l = { S_batch, S_outputs, S_inputs, { S_h, S_w }, 0.5f };
  float *out = malloc(sizeof(float) * S_batch * S_outputs), *bias = malloc(sizeof(float) * S_outputs);
  float *in = malloc(sizeof(float) * S_batch * S_inputs), *w = malloc(sizeof(float) * S_outputs * S_inputs);
  float *img = malloc(sizeof(float) * S_h * S_w);
  FILL(out, S_batch * S_outputs, 5); FILL(bias, S_outputs, 3); FILL(in, S_batch * S_inputs, 7); FILL(w, S_outputs * S_inputs, 11);
  scale_bias(l, out, bias);
  fc(&l, in, w, out);
  plane(&l, img);
  REPORT(); prf("out", out, S_batch * S_outputs); prf("img", img, S_h * S_w); return 0;
}
