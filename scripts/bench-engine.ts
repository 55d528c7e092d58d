// Engine benchmark: `npm run bench:engine` (bundled by scripts/build.mjs into
// server/dist/bench-engine.js). Generates a ~10,000-line C file with 500 loop nests and
// times: wasm load, full parse, full analysis, edit -> fresh figures, warm full analysis;
// samples heap and rss. Prints a Markdown table. Budgets are reported, not enforced
// (exit 0); sanity failures (nest count, incremental result != expected) exit 1.

import { performance } from "node:perf_hooks";
import { Engine, type FileReport, type NestReport } from "../server/src/engine";
import { generateLargeC } from "./gen-large-c";

const NESTS = 500;
const EDITS = 50;
const WARM_RUNS = 5;
const BUDGET_FULL_MS = 300;
const BUDGET_EDIT_P95_MS = 20;

const failures: string[] = [];
const fail = (msg: string) => { if (failures.length < 20) failures.push(msg); else if (failures.length === 20) failures.push("(more failures omitted)"); };

let peakHeap = 0;
let peakRss = 0;
function sample(): void {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / (1024 * 1024)).toFixed(1)} MB`;

/** A nest without its positions: what must not change when an edit only moves text. */
function figures(n: NestReport): string {
  return JSON.stringify(n, (k, v) => (k === "start" || k === "end" || k === "exprStart" || k === "exprEnd" || k === "column" ? undefined : v));
}

/** Every offset field of a nest, in a fixed order (to check the shift after an edit). */
function offsets(n: NestReport): number[] {
  const out: number[] = [n.start, n.end];
  for (const l of n.allLoops) out.push(l.start, l.end);
  for (const a of n.accesses) out.push(a.start, a.end);
  for (const s of n.statements) out.push(s.start, s.end, s.exprStart ?? -1, s.exprEnd ?? -1);
  return out;
}

async function main(): Promise<number> {
  const gen = generateLargeC({ nests: NESTS });
  const text = gen.text;
  const lines = text.split("\n").length;
  sample();

  // 1. wasm load: the first Engine.create() of the process.
  let t0 = performance.now();
  const engine = await Engine.create();
  const wasmMs = performance.now() - t0;
  sample();

  // 2. full parse: open() parses in the constructor.
  t0 = performance.now();
  const doc = engine.open(text, { file: "large.c" });
  const parseMs = performance.now() - t0;
  sample();

  // 3. full analysis: the first report().
  t0 = performance.now();
  const first = doc.report();
  const fullMs = performance.now() - t0;
  sample();

  const nestCount = first.nests.length;
  if (nestCount !== NESTS) fail(`expected ${NESTS} nests, the engine found ${nestCount}`);
  if (first.problems.length > 0) fail(`the generated file has ${first.problems.length} problem(s), first: line ${first.problems[0].line}: ${first.problems[0].message}`);
  const fnNames = new Set(gen.functions.map((f) => f.name));
  const reported = new Set(first.nests.map((n) => n.function));
  for (const f of fnNames) if (!reported.has(f)) fail(`no nest reported for function ${f}`);
  const unknownCount = first.nests.reduce((s, n) => s + n.unknowns.length, 0);
  const unknownNests = first.nests.filter((n) => n.unknowns.length > 0).length;

  // 4. edit -> fresh figures, on 50 functions spread over the file, in file order.
  //    Even edits insert a digit inside a literal (0.25f -> 0.255f), odd edits delete one
  //    (0.25f -> 0.2f): the file stays valid and no figure may change; positions after
  //    the edit move by +-1.
  const editMs: number[] = [];
  const editOnlyMs: number[] = [];
  const reportOnlyMs: number[] = [];
  const editLog: { ms: number; fn: string }[] = [];
  // A report's nests are moved in place by later edits (engine: cached nests are shifted, not
  // copied), so the state before each edit is kept as a snapshot of ids, figures and offsets.
  const snapshot = (r: FileReport) => ({ problems: r.problems.length, nests: r.nests.map((x) => ({ id: x.id, function: x.function, figures: figures(x), offsets: offsets(x) })) });
  let before = snapshot(first);
  let delta = 0; // how far earlier edits moved text after them
  const step = gen.functions.length / EDITS;
  for (let e = 0; e < EDITS; e++) {
    const fn = gen.functions[Math.floor(e * step + step / 2)];
    const at = fn.editOffset + delta;
    const insert = e % 2 === 0;
    const change = insert ? { start: at, oldEnd: at, text: "5" } : { start: at, oldEnd: at + 1, text: "" };
    const d = insert ? 1 : -1;
    // The literal being edited, before and after (reasons may quote it, e.g. "0.25f * v").
    const litAt = (t: string, i: number) => { let a = i, b = i; while (/[\d.]/.test(t[a - 1])) a--; while (/[\w.]/.test(t[b])) b++; return t.slice(a, b); };
    const oldLit = litAt(doc.text, at);
    if (!/\d/.test(doc.text[at - 1]) || !/\d/.test(doc.text[at])) fail(`edit ${e}: offset ${at} in ${fn.name} is not between two digits`);

    const t1 = performance.now();
    doc.edit(change);
    const t2 = performance.now();
    const after = doc.report();
    const t3 = performance.now();
    editMs.push(t3 - t1); editOnlyMs.push(t2 - t1); reportOnlyMs.push(t3 - t2);
    editLog.push({ ms: t3 - t1, fn: fn.name });
    delta += d;
    const newLit = litAt(doc.text, at);

    // Sanity (not timed): same nests, same figures, positions shifted only after the edit.
    if (after.nests.length !== NESTS) fail(`edit ${e} (${fn.name}): ${after.nests.length} nests instead of ${NESTS}`);
    if (after.problems.length !== before.problems) fail(`edit ${e} (${fn.name}): problems went from ${before.problems} to ${after.problems.length}`);
    const n = Math.min(after.nests.length, before.nests.length);
    for (let i = 0; i < n; i++) {
      const a = before.nests[i], b = after.nests[i];
      if (a.id !== b.id) { fail(`edit ${e} (${fn.name}): nest #${i} is ${b.id}, was ${a.id}`); continue; }
      // Only the edited function's text changed: its report may quote the new literal.
      const want = a.function === fn.name ? a.figures.split(oldLit).join(newLit) : a.figures;
      if (want !== figures(b)) fail(`edit ${e} (${fn.name}): figures of ${a.id} changed (${oldLit} -> ${newLit})`);
      const oa = a.offsets, ob = offsets(b);
      const moved = oa.map((o) => (o === -1 ? -1 : o >= change.oldEnd || (insert && o > at) ? o + d : o));
      if (moved.length !== ob.length || moved.some((o, k) => o !== ob[k])) fail(`edit ${e} (${fn.name}): offsets of ${a.id} not shifted as expected`);
    }
    const edited = after.nests.filter((x) => x.function === fn.name);
    if (edited.length === 0) fail(`edit ${e}: no nest for the edited function ${fn.name}`);
    before = snapshot(after);
    sample();
  }
  // The incrementally maintained report must equal a fresh analysis of the edited text.
  const fresh = engine.open(doc.text, { file: "large.c" }).report();
  if (JSON.stringify(fresh) !== JSON.stringify(doc.report())) fail("after the edits, the incremental report differs from a fresh analysis of the same text");
  sample();

  // 5. warm full analysis: fresh open + report of the original text, 5 runs.
  const warm: number[] = [];
  const warmParse: number[] = [];
  for (let r = 0; r < WARM_RUNS; r++) {
    const w0 = performance.now();
    const d2 = engine.open(text, { file: "large.c" });
    const w1 = performance.now();
    const rep = d2.report();
    const w2 = performance.now();
    warm.push(w2 - w0); warmParse.push(w1 - w0);
    if (rep.nests.length !== NESTS) fail(`warm run ${r}: ${rep.nests.length} nests`);
    sample();
  }

  const sorted = [...editMs].sort((a, b) => a - b);
  const p50 = quantile(sorted, 0.5), p95 = quantile(sorted, 0.95), max = sorted[sorted.length - 1];
  const within = (ok: boolean) => (ok ? "yes" : "**no**");
  const rows: [string, string, string, string][] = [
    ["input", `${lines} lines, ${text.length} chars, ${gen.functions.length} functions`, "-", "-"],
    ["nests found", String(nestCount), `= ${NESTS}`, within(nestCount === NESTS)],
    ["wasm load (Engine.create, cold)", ms(wasmMs), "-", "-"],
    ["full parse (engine.open, cold)", ms(parseMs), "-", "-"],
    ["full analysis (first doc.report)", ms(fullMs), `<= ${BUDGET_FULL_MS} ms`, within(fullMs <= BUDGET_FULL_MS)],
    [`warm full analysis (open + report, median of ${WARM_RUNS})`, `${ms(median(warm))} (parse ${ms(median(warmParse))})`, "-", "-"],
    [`edit -> fresh figures p50 (${EDITS} edits)`, ms(p50), "-", "-"],
    [`edit -> fresh figures p95 (${EDITS} edits)`, ms(p95), `<= ${BUDGET_EDIT_P95_MS} ms`, within(p95 <= BUDGET_EDIT_P95_MS)],
    [`edit -> fresh figures max (${EDITS} edits)`, ms(max), "-", "-"],
    ["  of which doc.edit (reparse) p50 / max", `${ms(median(editOnlyMs))} / ${ms(Math.max(...editOnlyMs))}`, "-", "-"],
    ["  of which doc.report p50 / max", `${ms(median(reportOnlyMs))} / ${ms(Math.max(...reportOnlyMs))}`, "-", "-"],
    ["peak heapUsed (sampled after each phase)", mb(peakHeap), "-", "-"],
    ["peak rss (sampled after each phase)", mb(peakRss), "-", "-"],
    ["nests with unknowns", `${unknownNests} (${unknownCount} unknowns)`, "-", "-"],
  ];
  const out: string[] = [
    `Engine benchmark (node ${process.version}, ${process.platform}/${process.arch})`,
    "",
    "| measure | value | budget | within |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
  ];
  process.stdout.write(out.join("\n") + "\n");
  if (process.env.BENCH_VERBOSE) {
    const reasons = new Map<string, number>();
    for (const n of first.nests) for (const u of n.unknowns) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    for (const [r, c] of [...reasons].sort((a, b) => b[1] - a[1])) process.stdout.write(`unknown x${c}: ${r}\n`);
    process.stdout.write("slowest edits: " + [...editLog].sort((a, b) => b.ms - a.ms).slice(0, 8).map((x) => `${x.fn} ${ms(x.ms)}`).join(", ") + "\n");
    process.stdout.write("fastest edits: " + [...editLog].sort((a, b) => a.ms - b.ms).slice(0, 5).map((x) => `${x.fn} ${ms(x.ms)}`).join(", ") + "\n");
  }
  if (failures.length > 0) {
    process.stderr.write(`SANITY CHECK FAILED:\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);
    return 1;
  }
  process.stdout.write("sanity: ok (500 nests; each edit kept every figure and shifted only the positions after it; incremental = fresh)\n");
  return 0;
}

main().then((code) => { process.exitCode = code; }, (err) => { process.stderr.write(`bench-engine crashed: ${err?.stack ?? err}\n`); process.exitCode = 1; });
