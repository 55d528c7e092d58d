// Measures the loop orders of the layout samples (README "Tensor layouts: the course notes' two
// questions"): each variant is made by the CLI, compiled with gcc -O3 together with the same
// timing driver (the sample's arrays filled as by the differential drivers, its function, named
// as the sample, called REPS times after one warm-up call), run 3 times; the median time per call is printed.
//   node scripts/time-layouts.mjs        (after npm run build)

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const cli = join(root, "server", "bin", "loopsmith.js");
const REPS = 30;
const driver = `#include <time.h>
#include "kernel.c"
#include "diff-driver.h"
int main(void)
{
    FILL_REAL(I, float); FILL_REAL(W, float); FILL_REAL(B, float); FILL_REAL(O, float);
    FN();
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int r = 0; r < ${REPS}; r++) FN();
    clock_gettime(CLOCK_MONOTONIC, &b);
    double sum = 0;
    for (size_t q = 0; q < sizeof(O) / sizeof(float); q++) sum += ((float *)O)[q];
    printf("%.9f %.6g\\n", ((b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec)) / ${REPS}, sum);
    return 0;
}
`;
const variants = [
  ["as written", []],
  ["--layout", ["--layout"]],
  ["--to-layout NCHW", ["--to-layout", "NCHW"]],
  ["--to-layout NHWC", ["--to-layout", "NHWC"]],
];
const work = mkdtempSync(join(tmpdir(), "loopsmith-time-"));
try {
  for (const sample of ["conv_nchw", "conv_nhwc"]) {
    const file = join(root, "samples", `${sample}.c`);
    const report = JSON.parse(execFileSync("node", [cli, "analyze", "--json", file], { encoding: "utf8" }));
    const nest = report.files[0].nests[0].id;
    for (const [label, flags] of variants) {
      let text = readFileSync(file, "utf8"), order = report.files[0].nests[0].loops.map((l) => l.var).join(",");
      if (flags.length) {
        const r = execFileSync("node", [cli, "transform", file, "--nest", nest, ...flags], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        text = r;
        const again = JSON.parse(execFileSync("node", [cli, "analyze", "--json", "-"], { input: text, encoding: "utf8" }));
        order = again.files[0].nests.map((n) => n.loops.map((l) => l.var).join(",")).sort((a, b) => b.length - a.length)[0];
      }
      writeFileSync(join(work, "kernel.c"), text);
      writeFileSync(join(work, "driver.c"), driver);
      execFileSync("gcc", ["-std=gnu11", "-O3", `-DFN=${sample}`, "-I", join(root, "server", "test", "data", "diff-drivers"), "-o", join(work, "a.out"), join(work, "driver.c")], { cwd: work });
      const runs = [0, 1, 2].map(() => execFileSync(join(work, "a.out"), { encoding: "utf8" }).trim().split(" "));
      const times = runs.map((r) => Number(r[0])).sort((a, b) => a - b);
      console.log(`${sample.padEnd(10)} ${label.padEnd(17)} ${order.padEnd(12)} median ${(times[1] * 1e3).toFixed(2)} ms/call  (runs ${times.map((t) => (t * 1e3).toFixed(2)).join(", ")}; checksum ${runs[0][1]})`);
    }
  }
} finally { rmSync(work, { recursive: true, force: true }); }
