// Issue 7 items 4, 7 and 8: symbols users can bind (const locals, struct fields), aliasing as a
// visible assumption (--assume-noalias), and refusal reasons that are right (variables declared
// in sibling loops are distinct; refusal lines are the user's lines).
// Kernels are data (data/symbols/<name>.c with <name>.driver.c). Figures of bound struct fields
// and const locals are checked against instrumented gcc runs (harness/, as unseen-dl.test.ts);
// accepted rewrites are compiled next to the original with the same driver and must print the
// same output bit for bit (-ffp-contract=off; none of these reorders a floating-point sum).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine, type FileReport, type NestReport, type TransformSpec } from "../src/engine";
import { instrument } from "./harness/instrument";
import { compareRun, parseRun } from "./harness/compare";
import { compareOutputs, compileKernel, type Built } from "./helpers/gcc";
import { parseSettings } from "../src/lsp/config";
import { onlyNest } from "./helpers/engine";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, "data/symbols");
const read = (name: string) => readFileSync(join(dataDir, `${name}.c`), "utf8");
const GCC = ["-O1", "-ffp-contract=off", "-Wall", "-Wextra"];

let engine: Engine;
let work: string;
beforeAll(async () => {
  engine = await Engine.create();
  work = mkdtempSync(join(tmpdir(), "loopsmith-symbols-"));
});
afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

const run = (dir: string, kernel: string, name: string, sizes: Record<string, number>, opt = GCC): Built =>
  compileKernel(join(work, dir), kernel, { dataDir, driver: `${name}.driver.c`, sizes, opt });

/** The engine's figures against an instrumented run of the kernel with the driver's sizes. */
function checkAgainstRun(name: string, report: FileReport, sizes: Record<string, number>, label: string): ReturnType<typeof compareRun> {
  const text = read(name);
  const inst = instrument(text, report);
  expect(inst.skipped).toEqual([]);
  const r = run(`bf-${label}`, inst.code, name, sizes, ["-O0", "-w"]);
  expect(r.error).toBeUndefined();
  const cmp = compareRun(text, report, inst, parseRun(r.output!));
  expect(cmp.mismatches, cmp.mismatches.join("\n")).toEqual([]);
  return cmp;
}

/** Applies `spec`, compiles both sides with the driver, and compares their outputs bit for bit. */
function differential(name: string, spec: TransformSpec, sizes: Record<string, number>, options: { defines?: Record<string, number>; assumeNoAlias?: boolean }, label: string) {
  const text = read(name);
  const r = engine.transform(text, spec, options);
  if (!r.ok) throw new Error(`${label} refused: ${r.reason}\n${r.blockers.join("\n")}`);
  const orig = run(`orig-${label}`, text, name, sizes);
  const mine = run(`rw-${label}`, r.text, name, sizes);
  expect(orig.error).toBeUndefined();
  expect(mine.error, r.text).toBeUndefined();
  expect([...mine.warnings].filter((w) => !orig.warnings.has(w))).toEqual([]);
  expect(compareOutputs(orig.output!, mine.output!, 0)).toBeNull();
  return r;
}

const nestOf = (r: FileReport, fn: string): NestReport => {
  const n = r.nests.find((x) => x.function === fn);
  if (!n) throw new Error(`no nest in ${fn}`);
  return n;
};

// ---- item 4: symbols users can bind --------------------------------------------------------------

describe("const locals and struct fields are symbols", () => {
  it("bn (reproducer 7): `const int c = d->c;` gives trip count c, bound by -D c=5 or through -D d->c=7", () => {
    const free = engine.analyze(read("bn"));
    expect(free.nests[0].loops[0].tripCount).toMatchObject({ expr: "c", value: null });
    expect(free.nests[0].loops[0].tripCount.reason).toMatch(/unbound symbol c/);
    const byLocal = engine.analyze(read("bn"), { defines: { c: 5 } }).nests[0];
    expect(byLocal.loops[0].tripCount).toMatchObject({ expr: "c", value: 5 });
    expect(byLocal.flops.byKind.mul).toMatchObject({ expr: "c", value: 5 });
    const byField = engine.analyze(read("bn"), { defines: { "d->c": 7 } });
    expect(byField.problems).toEqual([]);
    const n = byField.nests[0];
    expect(n.loops[0].tripCount).toMatchObject({ expr: "c", value: 7 });
    expect(n.arrays.find((a) => a.name === "in")!.footprintElements.value).toBe(7);
    // The local wins over the field it was read from (-D is the user's word on c).
    expect(engine.analyze(read("bn"), { defines: { c: 4, "d->c": 7 } }).nests[0].iterations.value).toBe(4);
    const cmp = checkAgainstRun("bn", byField, { c: 7 }, "bn");
    expect(cmp.comparedIterations.size).toBe(1);
    expect(cmp.comparedArrays).toBe(2);
  });

  it("layer: l.batch, l->outputs, l->in.h are symbols named as written; figures equal an instrumented run", () => {
    const sizes = { batch: 3, outputs: 5, inputs: 4, h: 2, w: 6 };
    const defines = {
      "l.batch": sizes.batch, "l.outputs": sizes.outputs, "l->batch": sizes.batch, "l->outputs": sizes.outputs,
      "l->inputs": sizes.inputs, "l->in.h": sizes.h, "l->in.w": sizes.w,
    };
    const report = engine.analyze(read("layer"), { defines });
    expect(report.problems).toEqual([]);
    const sb = nestOf(report, "scale_bias");
    expect(sb.loops.map((l) => l.tripCount)).toEqual([{ expr: "l.batch", value: 3 }, { expr: "l.outputs", value: 5 }]);
    expect(sb.iterations).toMatchObject({ expr: "l.batch*l.outputs", value: 15 });
    expect(sb.macs.value).toBe(15);
    // `const int in = l->inputs, out = l->outputs;`: named locals whose values follow from the fields.
    const fc = nestOf(report, "fc");
    expect(fc.loops.map((l) => l.tripCount)).toEqual([{ expr: "l->batch", value: 3 }, { expr: "out", value: 5 }, { expr: "in", value: 4 }]);
    expect(fc.macs).toMatchObject({ expr: "l->batch*in*out", value: 60 });
    expect(fc.arrays.find((a) => a.name === "weights")!.footprintElements.value).toBe(20);
    const pl = nestOf(report, "plane");
    expect(pl.iterations).toMatchObject({ expr: "l->in.h*l->in.w", value: 12 });
    const cmp = checkAgainstRun("layer", report, sizes, "layer");
    expect(cmp.comparedIterations.size).toBe(3);
    expect(cmp.comparedArrays).toBeGreaterThanOrEqual(6);
  });

  it("a field the function writes, hands to a call, or may write through another pointer is unknown with the reason", () => {
    const r = engine.analyze(read("written"), { defines: { "q->n": 4, "q->len": 4 } });
    const reason = (fn: string) => nestOf(r, fn).loops[0].tripCount.reason ?? "";
    expect(nestOf(r, "drain").loops[0].tripCount.value).toBeNull();
    expect(reason("drain")).toMatch(/q->n is written in this function \(line 5\)/);
    expect(reason("handed")).toMatch(/q is passed to reset\(\) \(line 9\)/);
    expect(reason("other")).toMatch(/r->len is written in this function \(line 12\) and may be the same struct/);
    // A const pointer handed to a call cannot be written through; and a local copy is fixed anyway.
    expect(nestOf(r, "kept").loops[0].tripCount).toMatchObject({ expr: "len", value: 4 });
  });

  it("a struct passed by value (fc_layer_struct): l.batch is a symbol though l.output[k] is written, its pointer fields are arrays", () => {
    const src = `typedef struct { int batch, inputs, outputs; float *weights, *biases, *output; } fc_layer;
void fc_forward(fc_layer l, const float *input) {
    for (int b = 0; b < l.batch; ++b)
        for (int o = 0; o < l.outputs; ++o) {
            float sum = l.biases[o];
            for (int i = 0; i < l.inputs; ++i) sum += input[b * l.inputs + i] * l.weights[o * l.inputs + i];
            l.output[b * l.outputs + o] = sum;
        } }`;
    const n = engine.analyze(src, { defines: { "l.batch": 2, "l.inputs": 5, "l.outputs": 3 } }).nests[0];
    expect(n.loops.map((l) => l.tripCount)).toEqual([{ expr: "l.batch", value: 2 }, { expr: "l.outputs", value: 3 }, { expr: "l.inputs", value: 5 }]);
    expect(n.macs.value).toBe(30);
    const fp = (name: string) => n.arrays.find((a) => a.name === name)?.footprintElements.value;
    expect([fp("l.biases"), fp("l.weights"), fp("l.output"), fp("input")]).toEqual([3, 15, 6, 10]);
    // The pointer fields may alias each other and the parameters, like pointer parameters: a reorder is refused.
    const t = engine.transform(src, { kind: "permute", nest: n.id, order: ["o", "b"] }, { defines: { "l.batch": 2, "l.inputs": 5, "l.outputs": 3 } });
    expect(t.ok).toBe(false);
  });

  it("a struct value's fields stop being symbols or arrays when the function may change them", () => {
    const T = "typedef struct { int n; float *p; int *q; } s_t;\ns_t g;\n";
    const r = engine.analyze(T + [
      "void moved(s_t l, float *o) { l.p += 2; for (int i = 0; i < l.n; i++) o[i] = l.p[i]; }",
      "void whole(s_t l, s_t m, float *o) { l = m; for (int i = 0; i < l.n; i++) o[i] = l.p[i]; }",
      "void global(float *o) { for (int i = 0; i < g.n; i++) { g.q[i] = 0; o[i] = g.p[i]; } }",
      "void pointee(s_t l, float *o) { for (int i = 0; i < l.n; i++) { l.q[i] = 1; o[i] = l.p[i]; } }",
    ].join("\n"), { defines: { "l.n": 4, "g.n": 4 } });
    const a = (fn: string, name: string) => nestOf(r, fn).arrays.find((x) => x.name === name)?.footprintElements;
    expect(a("moved", "l.p")?.value ?? null).toBeNull();
    expect(nestOf(r, "moved").loops[0].tripCount.value).toBe(4);
    expect(nestOf(r, "whole").loops[0].tripCount.reason).toMatch(/l is assigned/);
    // g.q may point into g itself: writing through it may change g.n; a global's fields are not arrays here.
    expect(nestOf(r, "global").loops[0].tripCount.reason).toMatch(/g is written through \(line 5\), so g.n may change/);
    expect(a("global", "g.p")?.value ?? null).toBeNull();
    expect(nestOf(r, "pointee").loops[0].tripCount.value).toBe(4);
    expect(a("pointee", "l.p")?.value).toBe(4);
  });

  it("a named local never takes another function's value, nor an enum constant's it shadows", () => {
    const src = [
      "enum { c = 3 };",
      "typedef struct { int c; } d_t;",
      "void f(const d_t *d, float *o) { const int c = d->c; for (int i = 0; i < c; i++) o[i] = 0; }",
      "void g(int n, float *o) { const int k = n * 2; for (int i = 0; i < k; i++) o[i] = 0; }",
      "void h(int k, float *o) { for (int i = 0; i < k; i++) o[i] = 0; }",
    ].join("\n");
    const r = engine.analyze(src, { defines: { "d->c": 9, n: 5 } });
    // f's c shadows the enum: it reads as d->c (9), not as the enum's 3.
    expect(nestOf(r, "f").iterations.value).toBe(9);
    expect(nestOf(r, "g").loops[0].tripCount).toMatchObject({ expr: "k", value: 10 });
    // h's parameter k is not g's local k.
    expect(nestOf(r, "h").loops[0].tripCount).toMatchObject({ expr: "k", value: null });
  });

  it("a local whose address is taken, or that is reassigned, stays a variable", () => {
    const src = "void f(int n, float *o) { int m = n; scan(&m); for (int i = 0; i < m; i++) o[i] = 0; }\n"
      + "void g(int n, float *o) { int m = n; m += 1; for (int i = 0; i < m; i++) o[i] = 0; }\n";
    const r = engine.analyze(src, { defines: { n: 4, m: 4 } });
    // f: scan may change m: unknown. g: m is followed through m += 1 (ir/memory.ts), so the trip
    // count is n + 1, never the -D value of m.
    expect(nestOf(r, "f").loops[0].tripCount.value, "f").toBeNull();
    expect(nestOf(r, "g").loops[0].tripCount.value, "g").toBe(5);
  });

  it("-D and assumptions naming nothing in the file are reported; field names are accepted in the assume comment", () => {
    const text = read("bn");
    const r = engine.analyze(text, { defines: { foo: 3, c: 2 } });
    expect(r.problems.map((p) => p.message)).toEqual(["-D foo=3: no symbol foo in this file"]);
    expect(r.problems[0].severity).toBe("warning");
    const withComment = engine.analyze(`${text}// loopsmith: assume d->c=6, nope=1\n`);
    expect(withComment.problems).toEqual([{ message: "assume nope=1: no symbol nope in this file", line: 5, severity: "warning" }]);
    expect(withComment.nests[0].iterations.value).toBe(6);
    const lsp = engine.analyze(text, { defines: { bar: 1 }, definesLabel: "loopsmith.assumptions" });
    expect(lsp.problems[0].message).toBe("loopsmith.assumptions bar=1: no symbol bar in this file");
    // A transform reports it too (the CLI prints it as a warning).
    const t = engine.transform(text, { kind: "unroll", nest: "bn:4", loop: "i", factor: 2 }, { defines: { foo: 3 } });
    expect(t.warnings).toEqual(["-D foo=3: no symbol foo in this file"]);
  });

  it("the editor setting accepts struct-field names and the no-alias switch", () => {
    const s = parseSettings({ assumptions: { "l.batch": 3, "dims->c": "4", "bad name": 1 }, assumeNoAlias: true });
    expect(s.assumptions).toEqual({ "l.batch": 3, "dims->c": 4 });
    expect(s.assumeNoAlias).toBe(true);
    expect(parseSettings({}).assumeNoAlias).toBe(false);
  });
});

// ---- item 7: aliasing as a visible assumption ----------------------------------------------------

describe("--assume-noalias", () => {
  const spec: TransformSpec = { kind: "permute", nest: "transpose:3", order: ["j", "i"] };
  const sizes = { n: 5, m: 7 };

  it("default: pointer parameters may alias, the reorder is refused naming them; no assumption listed", () => {
    const r = engine.transform(read("transpose"), spec, { defines: sizes });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.blockers.join("\n")).toMatch(/out and in may alias \(pointer parameters\); declare them restrict, or assume they do not \(--assume-noalias/);
    expect(engine.analyze(read("transpose"), { defines: sizes }).nests[0].assumptions.filter((a) => /overlap/.test(a))).toEqual([]);
  });

  it("opted in: accepted, the title, the notes and the report's assumptions say which pointers are assumed apart; gcc agrees", () => {
    const r = differential("transpose", spec, sizes, { defines: sizes, assumeNoAlias: true }, "noalias");
    if (!r.ok) return;
    expect(r.title).toBe("Reorder loops to j,i: innermost stride 5 -> 7 (assuming out and in do not overlap)");
    expect(r.notes).toContain("assuming out and in do not overlap");
    const n = engine.analyze(read("transpose"), { defines: sizes, assumeNoAlias: true }).nests[0];
    expect(n.assumptions.filter((a) => /overlap/.test(a))).toEqual(["assuming out and in do not overlap"]);
    // The stride advice (LS001) relies on it too, and says so (sizes where j,i is the better order).
    const tall = { n: 9, m: 3 };
    const advised = engine.analyze(read("transpose"), { defines: tall, assumeNoAlias: true }).nests[0].strideAdvice;
    expect(advised.length).toBeGreaterThan(0);
    for (const a of advised) expect(a.message).toMatch(/to j,i walks it contiguously \(assuming out and in do not overlap\)$/);
    expect(engine.analyze(read("transpose"), { defines: tall }).nests[0].strideAdvice).toEqual([]);
  });

  it("`// loopsmith: assume noalias` in the file does the same; unrolling, which needs no dependence test, carries no note", () => {
    const text = `// loopsmith: assume noalias\n${read("transpose")}`;
    const r = engine.transform(text, { ...spec, nest: "transpose:4" }, { defines: sizes });
    expect(r.ok && r.notes).toContain("assuming out and in do not overlap");
    const u = engine.transform(text, { kind: "unroll", nest: "transpose:4", loop: "j", factor: 2 }, { defines: sizes });
    expect(u.ok && u.notes.some((x) => /overlap/.test(x))).toBe(false);
  });

  it("restrict pointers need no assumption: none is listed", () => {
    const text = read("transpose").replace("float *out", "float *restrict out");
    expect(engine.analyze(text, { defines: sizes, assumeNoAlias: true }).nests[0].assumptions.filter((a) => /overlap/.test(a))).toEqual([]);
  });
});

// ---- item 8: refusal reasons that are right ------------------------------------------------------

describe("variables declared in sibling loops are distinct (reproducer 8)", () => {
  const sizes = { batch: 2, spatial: 3, filters: 4 };
  for (const [label, spec] of [
    ["--fission", { kind: "fission", nest: "twopass:3" }],
    ["--permute i,b", { kind: "permute", nest: "twopass:3", order: ["i", "b"] }],
    ["--layout", { kind: "layout", nest: "twopass:3" }],
  ] as [string, TransformSpec][]) {
    it(`twopass ${label} is legal with symbolic sizes and prints what the original prints`, () => {
      const symbolic = engine.transform(read("twopass"), spec);
      expect(symbolic.ok, symbolic.ok ? "" : `${symbolic.reason}\n${symbolic.blockers.join("\n")}`).toBe(true);
      differential("twopass", spec, sizes, {}, label.replace(/\W+/g, ""));
    });
  }

  it("a real dependence between the passes is still refused (the second pass reads one element ahead)", () => {
    const text = read("twopass").replace("x[index] += 1.0f;", "x[index + 1] += 1.0f;");
    for (const defines of [{}, sizes]) {
      const r = engine.transform(text, { kind: "fission", nest: "twopass:3" }, { defines });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.blockers.join("\n")).toMatch(/dependence on x: x\[index \+ 1\] \(line 5\) to x\[index\] \(line 4\)/);
    }
  });

  it("a digit that overflows into the next one is not delinearised (i runs to spatial inclusive): refused", () => {
    const text = read("twopass").replace("i < spatial", "i <= spatial");
    const r = engine.transform(text, { kind: "permute", nest: "twopass:3", order: ["i", "b"] }, { defines: sizes });
    expect(r.ok).toBe(false);
  });
});

describe("refusal lines are the user's lines", () => {
  const wave = [
    "#include <stdio.h>",
    "#define N 64",
    "/* a comment",
    "   over two lines */",
    "void wave(float A[N][N]) {",
    "  for (int i = 1; i < N; i++)",
    "    for (int j = 0; j < N - 1; j++)",
    "      A[i][j] = A[i-1][j+1] + 1.0f;",
    "}",
    "",
  ];
  for (const [label, eol] of [["LF", "\n"], ["CRLF", "\r\n"]]) {
    it(`${label}: --layout refused after splitting names the user's line (7), not the split text's (9)`, () => {
      const text = read("layout_refused").replace(/\n/g, eol);
      const r = engine.transform(text, { kind: "layout", nest: "f:3" }, { assumeNoAlias: true });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.blockers).toEqual(["flow dependence on A: A[j][i] (line 7) to A[j + 1][i - 1] (line 7), direction (<, >) over (i, j)"]);
    });
    it(`${label}: after #include, #define and a comment, the blocker names line 8`, () => {
      const text = wave.join(eol);
      const nest = engine.analyze(text).nests[0];
      expect(nest.id).toBe("wave:6");
      for (const spec of [
        { kind: "permute", nest: "wave:6", order: ["j", "i"] },
        { kind: "tile", nest: "wave:6", sizes: { i: 4, j: 4 } },
        { kind: "unrollJam", nest: "wave:6", loop: "i", factor: 2 },
      ] as TransformSpec[]) {
        const r = engine.transform(text, spec);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.blockers).toEqual(["flow dependence on A: A[i][j] (line 8) to A[i-1][j+1] (line 8), direction (<, >) over (i, j)"]);
      }
    });
  }
});

describe("fields of a struct reached by pointer", () => {
  const layer = `typedef struct { int batch, inputs, outputs; float *weights, *output; int8_t *q; } layer;\n`;

  it("a float store through a pointer field keeps the sizes symbols and the fields arrays of their own", async () => {
    const n = await onlyNest(`${layer}void f(layer *l, const float *x) {
  for (int o = 0; o < l->outputs; o++) { float s = 0; for (int i = 0; i < l->inputs; i++) s += l->weights[o * l->inputs + i] * x[i]; l->output[o] = s; } }`, { "l->inputs": 4, "l->outputs": 3 });
    expect(n.macs.value).toBe(12);
    expect(n.arrays.find((a) => a.name === "l->weights")?.footprintElements.value).toBe(12);
    expect(n.arrays.find((a) => a.name === "l->output")?.footprintElements.value).toBe(3);
  });

  it("an integer store through a pointer field may change an integer field (char types alias everything)", async () => {
    const n = await onlyNest(`${layer}void g(layer *l) { for (int o = 0; o < l->outputs; o++) l->q[o] = 0; }`, { "l->outputs": 3 });
    expect(n.iterations.value).toBeNull();
    expect(n.iterations.reason).toMatch(/l->q\[\.\.\.\] is written in this function \(line 2\) and may overlap l->outputs/);
  });

  it("a pointer field that is reassigned is not an array of its own", async () => {
    const n = await onlyNest(`${layer}void h(layer *l, float *buf) { l->output = buf; for (int o = 0; o < 4; o++) l->output[o] = 0.0f; }`);
    expect(n.arrays.find((a) => a.name === "l->output")?.footprintElements.value ?? null).toBeNull();
  });
});
