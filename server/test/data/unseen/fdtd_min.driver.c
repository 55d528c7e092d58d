#include "kernel.c"
#include "common.h"
int main(void) { f(); REPORT(); prd("a", a, 8); return 0; }
