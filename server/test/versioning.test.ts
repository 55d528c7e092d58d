// Aliasing by versioning (engine/optimize/versioning.ts): kernels whose pointer parameters may
// overlap are optimised as if they did not, under a run-time check of the address ranges.
// Checked by running: each kernel, original and versioned, on the same buffer with the output
// placed at every shift d from the input (overlapping or not); the memory after both runs must
// be identical (integer kernels: no rounding to excuse a difference), the optimised branch must
// run when the arrays are far apart and not when they coincide.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { Engine, shippedTarget } from "../src/engine";
import { aliasGuard } from "../src/engine/optimize/versioning";

const run = promisify(execFile);
const engine = await Engine.create();
const target = shippedTarget("x86-64")!;
const work = mkdtempSync(join(tmpdir(), "loopsmith-versioning-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  readonly fn: string;
  readonly code: string;
  /** The call with the input at IN and the output at OUT (pointers into one buffer). */
  readonly call: string;
  /** Elements the call touches beyond each pointer: a shift larger than this is disjoint. */
  readonly extent: number;
}

const cases: Case[] = [
  {
    name: "column sums (a column walk: reordered)", fn: "colsum", extent: 120,
    code: `void colsum(const int *a, int *sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        sum[j] = 0;
        for (int i = 0; i < rows; i++)
            sum[j] += a[i * cols + j];
    }
}`,
    call: "colsum(IN, OUT, 9, 11)",
  },
  {
    name: "matmul through flat pointers, k innermost over a column of B", fn: "mm", extent: 130,
    code: `void mm(int n, const int *A, const int *B, int *C)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int acc = 0;
            for (int k = 0; k < n; k++)
                acc += A[i * n + k] * B[k * n + j];
            C[i * n + j] = acc;
        }
}`,
    call: "mm(7, IN, IN + 49, OUT)",
  },
  {
    name: "a 2-D convolution with sizes from a local (oh = H - R + 1)", fn: "conv", extent: 260,
    code: `void conv(const int *in, const int *w, int *out, int C, int K, int H, int W, int R)
{
    int oh = H - R + 1, ow = W - R + 1;
    for (int k = 0; k < K; k++)
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                int acc = 0;
                for (int c = 0; c < C; c++)
                    for (int r = 0; r < R; r++)
                        for (int s = 0; s < R; s++)
                            acc += in[(c * H + y + r) * W + x + s] * w[((k * C + c) * R + r) * R + s];
                out[(k * oh + y) * ow + x] = acc;
            }
}`,
    call: "conv(IN, IN + 150, OUT, 2, 3, 7, 8, 3)",
  },
  {
    name: "an NHWC convolution written channel-first (sizes W - 2: W >= 3 wherever it runs)", fn: "conv_nhwc", extent: 400,
    code: `void conv_nhwc(const int *in, const int *wt, int *out, int H, int W, int C, int K)
{
    for (int k = 0; k < K; k++)
        for (int y = 0; y < H - 2; y++)
            for (int x = 0; x < W - 2; x++) {
                int acc = 0;
                for (int r = 0; r < 3; r++)
                    for (int s = 0; s < 3; s++)
                        for (int c = 0; c < C; c++)
                            acc += in[((y + r) * W + (x + s)) * C + c] * wt[((r * 3 + s) * C + c) * K + k];
                out[(y * (W - 2) + x) * K + k] = acc;
            }
}`,
    call: "conv_nhwc(IN, IN + 200, OUT, 5, 6, 3, 2)",
  },
];

/** The kernel with its function renamed, and (`count`) a counter bumped where the optimised branch starts. */
function variant(c: Case, text: string, suffix: string, count: boolean): string {
  let t = text.replace(new RegExp(`\\b${c.fn}\\(`), `${c.fn}_${suffix}(`);
  if (count) t = t.replace(/(\n[ \t]*if \(.*\) \{\n)/, "$1        taken++;\n");
  return t;
}

describe("versioning for aliasing", () => {
  for (const c of cases) {
    describe(c.name, () => {
      const r = engine.optimize(c.code, "file", { target });

      it("is optimised under a run-time overlap check, the code as written kept for the other case", () => {
        expect(r.ok, r.ok ? "" : r.reason).toBe(true);
        if (!r.ok) return;
        expect(r.versioned?.length).toBeGreaterThan(0);
        expect(r.text).toMatch(/\/\* loopsmith: the rewrite below runs only when .* do not overlap/);
        expect(r.text).toMatch(/\n\s*\} else \{\n/);
        expect(r.notes.join("\n")).toMatch(/versioned: the rewrite runs when/);
        // The code as written is the else branch, line for line (re-indented).
        const body = c.code.slice(c.code.indexOf("    for ("), c.code.lastIndexOf("}")).trimEnd();
        const elseBranch = r.text.slice(r.text.indexOf("} else {") + 9, r.text.lastIndexOf("    }\n}")).trimEnd();
        expect(elseBranch.split("\n").map((l) => l.replace(/^ {4}/, ""))).toEqual(body.split("\n"));
      });

      it("leaves memory exactly as the original does at every placement, and takes the fast branch when the arrays are apart", async () => {
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const range = c.extent + 40;
        const driver = `#include <stdio.h>
#include <string.h>
static int taken;
${variant(c, c.code, "orig", false)}
${variant(c, r.text, "vers", true)}
static int buf0[8192], buf1[8192];
int main(void)
{
    for (int d = -${range}; d <= ${range}; d++) {
        for (int q = 0; q < 8192; q++) buf0[q] = buf1[q] = (q * 7919) % 201 - 100;
        int before = taken;
        { int *IN = buf0 + 4000, *OUT = buf0 + 4000 + d; ${c.call.replace(c.fn, `${c.fn}_orig`)}; }
        { int *IN = buf1 + 4000, *OUT = buf1 + 4000 + d; ${c.call.replace(c.fn, `${c.fn}_vers`)}; }
        if (memcmp(buf0, buf1, sizeof buf0) != 0) { printf("differ %d\\n", d); continue; }
        printf("%d %d\\n", d, taken - before);
    }
    return 0;
}
`;
        const dir = mkdtempSync(join(work, `${c.fn}-`));
        writeFileSync(join(dir, "drv.c"), driver);
        const built = await run("gcc", ["-std=gnu11", "-O1", "-Wall", "-Wextra", "-Wno-unused-function", "-o", "drv", "drv.c"], { cwd: dir });
        expect(built.stderr, built.stderr).toBe("");
        const out = (await run(join(dir, "drv"), [], { cwd: dir })).stdout;
        expect(out, r.text).not.toMatch(/differ/);
        const taken = new Map(out.trim().split("\n").map((l) => l.split(" ").map(Number) as [number, number]));
        expect(taken.get(0)).toBe(0);
        for (const d of [...taken.keys()].filter((x) => Math.abs(x) > c.extent)) expect(taken.get(d), `shift ${d}`).toBe(1);
      }, 60_000);
    });
  }

  it("the editor's Optimise action replays a versioned plan to the same text (applyPlan)", () => {
    const c = cases[0];
    const r = engine.optimize(c.code, { nest: engine.lowerAll(c.code).nests[0].id }, { target });
    expect(r.ok && r.versioned).toBeTruthy();
    if (!r.ok) return;
    const doc = engine.open(c.code, { target });
    const plan = r.steps.map((s) => s.spec);
    const replayed = doc.applyPlan(plan, undefined, true);
    expect(replayed.ok && replayed.text).toBe(r.text);
    // Without the flag the plan is refused: it needs the arrays apart.
    expect(doc.applyPlan(plan, undefined, false).ok).toBe(false);
  });

  it("bounds a triangular nest exactly: the rows of L up to the diagonal", () => {
    const code = `void trmv(const double *L, const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j <= i; j++)
            s += L[i * n + j] * x[j];
        y[i] = s;
    }
}`;
    const g = aliasGuard(engine.lowerAll(code).nests);
    expect(typeof g).toBe("object");
    if (typeof g === "string") return;
    // L is read up to L[(n-1)*n + n-1]: its end is L + n*n; x up to x[n-1]; y is y[0..n-1].
    expect(g.condition).toContain("(L + (n*n) <= y || y + n <= L)");
    expect(g.condition).toContain("(x + n <= y || y + n <= x)");
    // n >= 1 wherever the loops run (its trip count): no sign check is needed.
    expect(g.condition).not.toContain("(long)");
  });

  it("orders the ranges of several references by what the loops around them imply (W - 2 iterations: W >= 3)", () => {
    const code = `void taps(const int *in, int *out, int H, int W)
{
    for (int y = 0; y < H - 1; y++)
        for (int x = 0; x < W - 2; x++)
            out[y * W + x] = in[y * W + x + 2] + in[(y + 1) * W + x];
}`;
    const g = aliasGuard(engine.lowerAll(code).nests);
    expect(typeof g, String(g)).toBe("object");
    if (typeof g === "string") return;
    // in runs from in[2] (W >= 3) to in[(H - 1)*W + W - 3]; out from out[0] to out[(H - 2)*W + W - 3].
    expect(g.condition).toBe("(in + (H*W - 2) <= out || out + (H*W - W - 2) <= in + 2)");
  });

  it("is not offered where a range has no bound, and says why", () => {
    const code = `void scatter(const float *v, const int *idx, float *out, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            out[idx[j]] += v[j * n + i];
}`;
    const g = aliasGuard(engine.lowerAll(code).nests);
    expect(g).toMatch(/out\[idx\[j\]\]/);
  });

  it("is not needed where the parameters are restrict", () => {
    const code = `void colsum(const double *restrict a, double *restrict sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        sum[j] = 0;
        for (int i = 0; i < rows; i++)
            sum[j] += a[i * cols + j];
    }
}`;
    const r = engine.optimize(code, "file", { target });
    expect(r.ok).toBe(true);
    if (r.ok) { expect(r.versioned).toBeUndefined(); expect(r.text).not.toMatch(/overlap/); }
  });

  it("a pointer assigned after the nest does not stop the check made before it", () => {
    const code = `void colsum(const double *a, double *sum, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        sum[j] = 0;
        for (int i = 0; i < rows; i++)
            sum[j] += a[i * cols + j];
    }
    sum++;
}`;
    const r = engine.optimize(code, "file", { target });
    // The assignment after the nest does not matter to a check made before it.
    expect(r.ok && r.versioned?.length).toBeTruthy();
  });
});
