// Property test of the incremental engine (SourceDocument): after every edit of a seeded
// random sequence, the kept document's report must equal a fresh analysis of the same text,
// field for field (nests with every figure, offsets, lines, strideAdvice, problems). Also:
// a report with a deadline already past is `partial` and holds only correct nests; a report
// cut short half-way (fake clock) likewise; and the code actions offered on a loop header,
// applied with doc.apply, give the same result as engine.transform on the same text.
//
// Seeds: LOOPSMITH_SEED=<n> overrides the base seed; every failure message prints the seed,
// the document, and the edit sequence (offsets into the text as it was at each step).
//
// Engine bugs this test found (BUG 1-5: assume comments edited inside a body, problem lines
// after a newline, structure changes from an unbalanced `(`, a deadline between a changed
// callee and its caller, a callee's callee) are fixed; their minimal reproducers stay below.
// The generated 60-nest file runs in incremental-large.test.ts (its own file, so the two run
// side by side); the harness is harness/incremental.ts.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Engine } from "../src/engine";
import { AVOID, logTotals, maxSteps, OPS_PER_SEQUENCE, record, run, sampleDir, samples, seedFor, setup } from "./harness/incremental";

let engine: Engine;
beforeAll(async () => { engine = await setup(); });
afterEach(() => { vi.restoreAllMocks(); });
afterAll(logTotals);

describe("incremental report equals a fresh analysis after random edits", () => {
  for (const file of samples) {
    it(`samples/${file}`, () => {
      const seed = seedFor(file);
      const t0 = performance.now();
      const stats = run({ name: `samples/${file}`, text: readFileSync(join(sampleDir, file), "utf8"), seed, ops: OPS_PER_SEQUENCE, maxSteps: maxSteps(200), avoid: AVOID, actionsEvery: 20 });
      record(stats, performance.now() - t0);
      expect(stats.edits).toBeGreaterThan(OPS_PER_SEQUENCE / 2);
    });
  }
});

// ---------------------------------------------------------------------------------------
// Engine bugs found by the random runs, as minimal reproducers. Each fails today; when one
// starts passing, the bug is fixed: turn it into `it` and drop its entry from AVOID.

describe("known incremental bugs (minimal reproducers)", () => {
  const expectSameAsFresh = (doc: ReturnType<Engine["open"]>) => expect(doc.report()).toEqual(engine.analyze(doc.text));
  const assumeInBody = "#define N 16\nfloat A[N];\nvoid f(void)\n{\n    // loopsmith: assume N=7\n    for (int i = 0; i < N; i++) A[i] = 0.0f;\n}\n";

  // Printed expressions ranked their symbols by the order in which lowering met them, file-wide
  // (found by `npm run fuzz`, seed 22961): a local `m` of h, renamed inside h's body, kept its rank,
  // so f's cached figures said `m*n` where a fresh analysis said `n*m`. Symbols not named at file
  // level are now ranked by first appearance in their own function (symbolic/order.ts).
  it("was: a symbol's print order came from other functions' lowering (m*n incremental, n*m fresh)", () => {
    const text = "float a[100], b[100];\nvoid h(int q)\n{\n    const int m = q; for (int i = 0; i < m; i++) a[i] = 0;\n}\nvoid f(int n, int m)\n{\n    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) b[i] += 1;\n}\n";
    const doc = engine.open(text);
    doc.report();
    const line = text.indexOf("const int m");
    const body = text.slice(line, text.indexOf("\n", line));
    // Rename h's local m to k, one keystroke-sized edit at a time, last use first.
    for (const at of [...body.matchAll(/\bm\b/g)].map((x) => line + x.index!).reverse()) { doc.edit({ start: at, oldEnd: at + 1, text: "k" }); doc.report(); }
    expect(doc.text).toContain("const int k = q; for (int i = 0; i < k; i++)");
    expect(doc.report().nests.find((n) => n.id.startsWith("f:"))!.iterations.expr).toBe("n*m");
    expectSameAsFresh(doc);
  });

  // BUG 1: an edit inside a `// loopsmith: assume` comment in a function body is taken for a
  // body-only edit (no `/`, `#` or `loopsmith` in the edit text), so the file-level facts are
  // kept: the old assumed value stays in every figure. Incremental N=7 (trip 7), fresh N=9 (trip 9).
  it("was BUG 1: changing the value of an assume comment inside a body keeps the old value", () => {
    const doc = engine.open(assumeInBody);
    doc.report();
    const at = assumeInBody.indexOf("N=7") + 2;
    doc.edit({ start: at, oldEnd: at + 1, text: "9" });
    expect(doc.report().nests[0].loops[0].tripCount.value).toBe(9);
    expectSameAsFresh(doc);
  });

  // BUG 1 (as typed): the assumption typed keystroke by keystroke into a body never applies:
  // only the two `/` keystrokes refresh the facts, when the comment does not say anything yet.
  it("was BUG 1: an assume comment typed keystroke by keystroke inside a body never applies", () => {
    const text = assumeInBody.replace("    // loopsmith: assume N=7\n", "");
    const doc = engine.open(text);
    doc.report();
    const at = text.indexOf("{\n") + 2;
    const typed = "    // loopsmith: assume N=7\n";
    for (let i = 0; i < typed.length; i++) { doc.edit({ start: at + i, oldEnd: at + i, text: typed[i] }); doc.report(); }
    expect(doc.report().nests[0].loops[0].tripCount.value).toBe(7); // incremental: 16
    expectSameAsFresh(doc);
  });

  // BUG 2: problems from the file-level facts (an unreadable assume comment) keep their line
  // when an edit inside an earlier function body adds a line: incremental line 5, fresh line 6.
  it("was BUG 2: a newline typed in a body does not move a later assume-comment problem", () => {
    const text = "void f(void)\n{\n    int i;\n}\n// loopsmith: assume N=x\n";
    const doc = engine.open(text);
    expect(doc.report().problems.map((p) => p.line)).toEqual([5]);
    const at = text.indexOf("int i;");
    doc.edit({ start: at, oldEnd: at, text: "\n" });
    expect(doc.report().problems.map((p) => p.line)).toEqual([6]);
  });

  // BUG 3: an edit inside a body that leaves a `(` open (typing `for (`) makes tree-sitter
  // swallow the following functions into this one; the file-level facts (which functions are
  // defined) are kept, so clamp_i32 is still taken for a function of the file: incremental
  // intOps {expr: null, reason: "cost of clamp_i32(): clamp_i32 is not defined in this file"}
  // and calls {clamp_i32: ...}; fresh intOps {expr: "0", value: 0} and calls {}.
  it("was BUG 3: an unbalanced `(` typed in a body changes which functions exist, facts are kept", () => {
    const text = [
      "#include <stdint.h>", "#define N 4", "int8_t q[N], o[N];",
      "static inline float leaky(float v) { return v > 0.0f ? v : 0.01f * v; }",
      "static inline int32_t clamp_i32(int32_t v, int32_t lo, int32_t hi)", "{", "    return v < lo ? lo : (v > hi ? hi : v);", "}",
      "void requant(void)", "{", "    for (int i = 0; i < N; i++)", "        o[i] = (int8_t)clamp_i32(q[i] >> 7, -128, 127);", "}", "",
    ].join("\n");
    const doc = engine.open(text);
    doc.report();
    const at = text.indexOf("return v > 0.0f ? v : 0.01f");
    doc.edit({ start: at, oldEnd: at, text: "\n    for (" });
    expectSameAsFresh(doc);
  });

  const calls = "#define N 8\nfloat A[N];\nstatic float g(float v) { return v * 2.0f; }\nvoid f(void)\n{\n    for (int i = 0; i < N; i++) A[i] = g(A[i]);\n}\n";

  // BUG 4: report(deadline) that stops after the changed callee g but before its caller f
  // merges the new g into the cache next to the old f; the next complete report finds f's old
  // entry (same text and line) and g's new one (so g is not "changed"): f keeps g's old cost
  // for good. Incremental flops {expr: "N", value: 8}, fresh {expr: "2*N", value: 16}.
  it("was BUG 4: a deadline between a changed callee and its caller leaves the caller stale", () => {
    const doc = engine.open(calls);
    doc.report();
    const at = calls.indexOf("2.0f") + 4;
    doc.edit({ start: at, oldEnd: at, text: " * v" });
    const partial = doc.report(performance.now() - 1); // a past deadline: one function (g) is analysed, f is left
    expect(partial.partial).toBe(true);
    expect(doc.report().nests[0].flops.value).toBe(16);
    expectSameAsFresh(doc);
  });

  // BUG 5: only the direct callers of a changed function are re-analysed: f calls g calls h;
  // h's cost changes; f's nest keeps the old cost of g. Incremental flops {expr: "2*N", value: 16},
  // fresh {expr: "3*N", value: 24}.
  it("a function of 300 sibling nests is analysed a slice at a time and ends equal to a fresh analysis", () => {
    let text = "#define N 4\nfloat a[N];\nvoid f(void) {\n";
    for (let k = 0; k < 300; k++) text += `  for (int i = 0; i < N; i++) a[i] += ${k}.0f;\n`;
    text += "}\nvoid g(void) { for (int j = 0; j < N; j++) a[j] = 0; }\n";
    const doc = engine.open(text);
    let calls = 0, p = doc.report(performance.now() - 1);
    const seen = [p.nests.length];
    while (p.partial && calls++ < 1000) { p = doc.report(performance.now() - 1); seen.push(p.nests.length); }
    expect(p.partial).toBeUndefined();
    expect(calls).toBeGreaterThan(10); // one nest per call past the deadline: it was resumed, not redone
    expect(seen.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(p.nests).toHaveLength(301);
    expectSameAsFresh(doc);
  });

  it("was BUG 5: a change in a callee's callee leaves the caller stale", () => {
    const text = "#define N 8\nfloat A[N];\nstatic float h(float v) { return v * 2.0f; }\nstatic float g(float v) { return h(v) + 1.0f; }\nvoid f(void)\n{\n    for (int i = 0; i < N; i++) A[i] = g(A[i]);\n}\n";
    const doc = engine.open(text);
    doc.report();
    const at = text.indexOf("2.0f") + 4;
    doc.edit({ start: at, oldEnd: at, text: " * v" });
    expect(doc.report().nests[0].flops.value).toBe(24);
    expectSameAsFresh(doc);
  });

  // Cached nests are moved in place when an edit elsewhere shifts them, and a function whose
  // text and place did not change keeps its cache key: each must still end equal to fresh.
  it("functions on one line: an edit in the first moves the second (same row, new column)", () => {
    const text = "float a[8], b[8];\nvoid f(void) { for (int i = 0; i < 8; i++) a[i] = 1.5f; } void g(void) { for (int j = 0; j < 8; j += 2) b[j] = a[j]; }\n";
    const doc = engine.open(text);
    const before = doc.report().nests.map((n) => n.loops[0].start);
    const at = text.indexOf("1.5f") + 1;
    doc.edit({ start: at, oldEnd: at, text: "25" });
    const after = doc.report();
    expect(after.nests.map((n) => n.loops[0].start)).toEqual([before[0], before[1] + 2]);
    expect(doc.text.slice(after.nests[1].accesses[0].start, after.nests[1].accesses[0].end)).toBe(after.nests[1].accesses[0].text);
    expectSameAsFresh(doc);
    doc.edit({ start: at, oldEnd: at + 2, text: "" });
    expect(doc.report().nests.map((n) => n.loops[0].start)).toEqual(before);
    expectSameAsFresh(doc);
  });

  it("edits between partial reports move the finished functions once (no double move)", () => {
    let text = "#define N 4\nfloat a[N];\n";
    for (let k = 0; k < 40; k++) text += `void f${k}(void) { for (int i = 0; i < N; i++) a[i] += ${k}.5f; }\n`;
    const doc = engine.open(text);
    for (let round = 0; round < 30; round++) {
      const at = doc.text.indexOf(`${(round * 7) % 40}.5f`) + 1;
      doc.edit(round % 2 ? { start: at, oldEnd: at + 1, text: "" } : { start: at, oldEnd: at, text: "9" });
      doc.report(performance.now() - 1); // one function per call: the cache is partly old, partly new
    }
    let p = doc.report(performance.now() - 1);
    for (let calls = 0; p.partial && calls < 100; calls++) p = doc.report(performance.now() - 1);
    for (const n of p.nests) expect(doc.text.slice(n.loops[0].start, n.loops[0].start + 3)).toBe("for");
    expectSameAsFresh(doc);
  });

  // An edit inside one body carries the file's definition index (names, call graph, call heights)
  // to the new tree (ir/calls.ts carryDefinitions) instead of reading every definition again.
  // Edits that change the call graph from inside a body must still give a fresh analysis' figures.
  it("a body edit that changes the call graph (a call renamed into a 120-deep chain, a chain link cut) equals a fresh analysis", () => {
    let text = "float f0(float x) { return x * 2.0f; }\n";
    for (let k = 1; k <= 120; k++) text += `float f${k}(float x) { return f${k - 1}(x) + 1.0f; }\n`;
    text += "float h(float x) { return x + 3.0f; }\nvoid g(float *a)\n{\n    for (int i = 0; i < 10; i++) a[i] = hh(a[i]);\n}\n";
    const doc = engine.open(text);
    expect(doc.report().nests[0].flops.value).toBe(0); // hh is not defined: its cost is not counted
    const rename = (from: string, to: string) => { const at = doc.text.indexOf(from); doc.edit({ start: at, oldEnd: at + from.length, text: to }); };
    rename("hh(a[i])", "h(a[i])");
    expect(doc.report().nests[0].flops.value).toBe(10);
    expectSameAsFresh(doc);
    rename("h(a[i])", "f120(a[i])"); // now 120 deep: over the cap
    expect(doc.report().nests[0].flops.reason).toMatch(/chain of calls 120 deep/);
    expectSameAsFresh(doc);
    rename("return f60(x)", "return f0(x)"); // f61 skips f1..f60: f120 is 60 deep, under the cap
    expect(doc.report().nests[0].flops.value).toBe(10 * 61);
    expectSameAsFresh(doc);
  });
});
