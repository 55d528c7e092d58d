// The LS001 quick fix's decision (optimize/quickFix.ts, SourceDocument.quickFix): the advice's
// own fix unless another reorder of the nest is predicted faster by more than 2%; the own fix
// on the default target and when the budget is spent. The chosen fix is checked against the
// model's time of every candidate, each computed here through engine.transform and analyze.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTarget, shippedTarget, type StrideAdvice, type Target, type TransformResult, type TransformSpec } from "../src/engine";
import { chooseFix, type FixCandidate } from "../src/engine/optimize/quickFix";
import { fixSpec, quickFixTitle } from "../src/findings";
import { getEngine, readSample, repoRoot } from "./helpers/engine";

const ok: TransformResult = { ok: true, title: "t", edits: [], text: "", notes: [] };
const refused: TransformResult = { ok: false, reason: "no", blockers: [] };
const cand = (nest: string, after: number | null, result: TransformResult = ok): FixCandidate => ({ spec: { kind: "layout", nest }, result, after });

describe("chooseFix", () => {
  it.each([
    ["a candidate more than 2% faster replaces the own fix", cand("own", 100), [cand("a", 97.9)], "a"],
    ["within 2% the own fix stays", cand("own", 100), [cand("a", 98.5)], "own"],
    ["the fastest of several", cand("own", 100), [cand("a", 50), cand("b", 40), cand("c", 60)], "b"],
    ["a refused candidate is not a fix", cand("own", 100), [cand("a", 10, refused)], "own"],
    ["a candidate without a time is not compared", cand("own", 100), [cand("a", null)], "own"],
    ["an own fix without a time stays (nothing to compare with)", cand("own", null), [cand("a", 1)], "own"],
  ])("%s", (_, own, others, expected) => {
    expect(chooseFix(own, others).spec.nest).toBe(expected);
  });
});

const membound: Target = (() => {
  const file = join(repoRoot, "server", "test", "data", "quickfix", "membound.json");
  const r = parseTarget(readFileSync(file, "utf8"), file);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.target;
})();

/** The model's time of the function holding `nest` after `spec` (null when refused or unknown). */
async function timeAfter(text: string, spec: TransformSpec, target: Target): Promise<number | null> {
  const engine = await getEngine();
  const r = engine.transform(text, spec, { target });
  if (!r.ok) return null;
  const report = engine.analyze(r.text, { target });
  const fn = spec.nest.split(":")[0];
  return report.nests.filter((n) => n.function === fn).reduce((s, n) => s + n.estimate.seconds!, 0);
}

async function firstAdvice(sample: string, target?: Target): Promise<{ text: string; advice: StrideAdvice; doc: import("../src/engine").SourceDocument }> {
  const engine = await getEngine();
  const text = readSample(sample);
  const doc = engine.open(text, target ? { target } : {});
  const advice = doc.report().nests.flatMap((n) => n.strideAdvice)[0];
  if (!advice) throw new Error(`${sample} has no stride advice`);
  return { text, advice, doc };
}

describe("the LS001 quick fix", () => {
  it("on the default target is the advice's own fix, without a prediction (as before)", async () => {
    for (const f of ["conv.c", "conv_nchw.c", "conv_nhwc.c", "matmul.c"]) {
      const { advice, doc } = await firstAdvice(f);
      const fix = doc.quickFix(advice);
      expect(fix.spec).toEqual(fixSpec(advice));
      expect(fix.own).toBe(true);
      expect(fix.predicted).toBeUndefined();
    }
  });

  it("on a memory-bound target it is the candidate the model predicts fastest: conv_nchw's split-and-reorder, not the inner permute", async () => {
    const { text, advice, doc } = await firstAdvice("conv_nchw.c", membound);
    const own = fixSpec(advice);
    expect(own.kind).toBe("permute"); // the advice fixes the stride inside the window band
    const fix = doc.quickFix(advice);
    // Every candidate, timed independently of the decision.
    const nest = advice.fix.nest;
    const times = new Map<string, number | null>();
    for (const s of [own, { kind: "layout", nest }, { kind: "toLayout", nest, layout: "NCHW" }, { kind: "toLayout", nest, layout: "NHWC" }] as TransformSpec[])
      times.set(JSON.stringify(s), await timeAfter(text, s, membound));
    const best = Math.min(...[...times.values()].filter((t): t is number => t !== null));
    expect(fix.spec.kind).not.toBe("permute");
    expect(times.get(JSON.stringify(fix.spec))).toBeCloseTo(best, 12);
    expect(best).toBeLessThan(times.get(JSON.stringify(own))! * 0.98);
    expect(fix.predicted!.after).toBeCloseTo(best, 12);
    expect(quickFixTitle(advice, fix)).toMatch(/^Split the nest into 3 and reorder .*: ~\S+ [mµn]?s -> ~\S+ [mµn]?s on Memory-bound test core \(\d+\.\dx\)$/);
  });

  it("on Cortex-A53 conv is compute-bound: its own fix leaves the 3-wide window loop innermost (no vector), the split walks y innermost (1.5x)", async () => {
    // As written, k innermost walks I with stride 884: scalar, 442,368 MACs at 1 FMA/cycle, 1.2 GHz
    // = 369 µs. The own fix (inner loops to k,i,j) walks j contiguously, but j runs K = 3 times:
    // no vector either, 369 µs. The --layout split puts y (FH = 32) innermost: the 2-lane peak,
    // 184 µs, plus the bias and ReLU nests apart (2 x 27 µs of DRAM time): 239 µs.
    const { advice, doc } = await firstAdvice("conv.c", shippedTarget("Cortex-A53")!);
    const fix = doc.quickFix(advice);
    expect(fixSpec(advice).kind).toBe("permute");
    expect(fix.spec.kind).toBe("layout");
    expect(quickFixTitle(advice, fix)).toMatch(/^Split the nest into 3 and reorder the compute nest to n,x,k,i,j,y: innermost stride 884 -> 1.*: ~369 µs -> ~239 µs on Cortex-A53 \(Raspberry Pi 3\) \(1\.5x\)$/);
  });

  it("with the budget spent it is the advice's own fix, unscored (and not kept: the next request decides again)", async () => {
    const { advice, doc } = await firstAdvice("conv_nchw.c", membound);
    const spent = doc.quickFix(advice, { isCancelled: () => true });
    expect(spent).toEqual({ spec: fixSpec(advice), own: true });
    expect(doc.quickFix(advice).own).toBe(false);
  });
});

describe("the SARIF fixes take the same decision", () => {
  it("analyze --sarif --target FILE on conv_nchw.c: each LS001's fixSpec and fix are the quick fix's", async () => {
    const { main } = await import("../src/cli/main");
    let out = "";
    const file = join(repoRoot, "samples", "conv_nchw.c");
    const code = await main(["analyze", "--sarif", "--target", join(repoRoot, "server", "test", "data", "quickfix", "membound.json"), file], {
      out: (s) => { out += s; }, err: () => {}, read: (p) => readFileSync(p, "utf8"), write: () => {},
    });
    expect(code).toBe(0);
    const results = JSON.parse(out).runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "LS001");
    expect(results.length).toBeGreaterThan(0);
    const { advice, doc } = await firstAdvice("conv_nchw.c", membound);
    const fix = doc.quickFix(advice);
    for (const r of results) {
      expect(r.properties.fixSpec).toEqual(fix.spec);
      expect(r.fixes[0].description.text).toBe(quickFixTitle(advice, fix));
    }
  });
});
