// Every accepted rewrite compiles (issue 7, item 6: rewrites that always compile).
//
// Sources: every C file of samples/, data/transform/** (before, after and refused fixtures),
// data/unseen*/ (run through `gcc -E -P` first, as unseen.test.ts does: they use macros and
// system headers) and data/compiles/ (real-style kernels with pointer declarations, const
// locals, local arrays and declarations in bodies that get unrolled, split, fused, tiled).
// Specs: every transformation the editor offers on every loop header (applied as a code action
// resolves it), plus explicit ones: unroll each loop by 2 and 3, unroll-and-jam each loop by 2,
// fission, layout, fuse, tile of each band of the outer perfect chain (size 0, and 3 for
// remainders), permute of each loop with its only inner loop and of the whole outer chain.
// Every accepted rewrite is checked with `gcc -fsyntax-only -std=gnu11 -Wall -Werror=implicit`
// whenever its input passes the same check (every input must). A source and its rewrites are
// checked as one translation unit (checkInUnits), several units per gcc call, two calls at a time.
// npm test takes a sample of the sources (by name, with every MUST_APPLY file); LOOPSMITH_FULL=1
// (run by .ci/run) takes them all.

import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine, type TransformResult, type TransformSpec } from "../src/engine";
import { specFlag } from "../src/engine/optimize/search";
import type { Loop, Node } from "../src/engine/ir/types";
import { initParser } from "../src/engine/syntax/parser";
import { fileScopeNames } from "./harness/memtrace";
import { repoRoot } from "./helpers/engine";
import { includesOf, joinChunks } from "./helpers/oneUnit";
import { flatMapYielding } from "./helpers/macrotask";
import { FULL, firstOfEach, sampled } from "./helpers/sample";

const run = promisify(execFile);
const engine = await Engine.create();
const parser = await initParser();
const testData = join(repoRoot, "server", "test", "data");
const GCC = ["-fsyntax-only", "-std=gnu11", "-Wall", "-Werror=implicit"];
const work = mkdtempSync(join(tmpdir(), "loopsmith-compiles-"));

interface Source { name: string; text: string; defines: Record<string, number> }

/** `-D NAME=VALUE` flags on a fixture's `// loopsmith-test:` line (the only part that changes what a rewrite emits). */
function fixtureDefines(text: string): Record<string, number> {
  const line = text.split("\n", 1)[0];
  if (!line.startsWith("// loopsmith-test:")) return {};
  return Object.fromEntries([...line.matchAll(/-D\s*(\w+)=(-?\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

const cFiles = (dir: string): string[] => readdirSync(dir).sort().flatMap((f) => {
  const p = join(dir, f);
  if (statSync(p).isDirectory()) return cFiles(p);
  return f.endsWith(".c") ? [p] : [];
});

/** `gcc -E -P` of an unseen kernel, next to its common.h. */
function preprocess(path: string): string {
  const dir = join(work, "pp", basename(join(path, "..")));
  mkdirSync(dir, { recursive: true });
  copyFileSync(path, join(dir, basename(path)));
  try { copyFileSync(join(path, "..", "common.h"), join(dir, "common.h")); } catch { /* no shared header */ }
  return execFileSync("gcc", ["-E", "-P", basename(path)], { cwd: dir, encoding: "utf8" });
}

/** Every source, by name; `load` reads (or preprocesses) it. */
function allSources(): { name: string; load: () => Source }[] {
  const out: { name: string; load: () => Source }[] = [];
  const rel = (p: string) => p.slice(repoRoot.length + 1);
  for (const p of cFiles(join(repoRoot, "samples"))) out.push({ name: rel(p), load: () => ({ name: rel(p), text: readFileSync(p, "utf8"), defines: {} }) });
  for (const p of cFiles(join(testData, "transform"))) out.push({ name: rel(p), load: () => { const text = readFileSync(p, "utf8"); return { name: rel(p), text, defines: fixtureDefines(text) }; } });
  for (const d of readdirSync(testData).filter((d) => d.startsWith("unseen")).sort())
    for (const p of cFiles(join(testData, d)).filter((p) => !p.endsWith(".driver.c"))) out.push({ name: rel(p), load: () => ({ name: rel(p), text: preprocess(p), defines: {} }) });
  for (const p of cFiles(join(testData, "compiles"))) out.push({ name: rel(p), load: () => ({ name: rel(p), text: readFileSync(p, "utf8"), defines: {} }) });
  return out;
}

const loopsOf = (n: Node): Loop[] =>
  n.kind === "loop" ? [n, ...n.body.flatMap(loopsOf)] : n.kind === "if" ? [...n.then, ...n.else].flatMap(loopsOf) : [];
const chainOf = (l: Loop): Loop[] => (l.body.length === 1 && l.body[0].kind === "loop" ? [l, ...chainOf(l.body[0])] : [l]);

/** A spec as its `transform` flags, after its nest (the plan's own printing, search.ts). */
const label = (s: TransformSpec): string => `${s.nest} ${specFlag(s)}`;

/** The explicit specs of one nest (the offers are added by the caller). */
function explicitSpecs(nest: string, root: Loop): TransformSpec[] {
  const specs: TransformSpec[] = [{ kind: "fission", nest }, { kind: "layout", nest }, { kind: "fuse", nest }];
  for (const l of loopsOf(root)) {
    const line = l.span.line;
    for (const factor of [2, 3]) specs.push({ kind: "unroll", nest, loop: l.var, factor, line });
    specs.push({ kind: "unrollJam", nest, loop: l.var, factor: 2, line });
    const inner = l.body.length === 1 && l.body[0].kind === "loop" ? l.body[0] : null;
    if (inner) specs.push({ kind: "permute", nest, order: [inner.var, l.var], line });
    if (l.counted) specs.push({ kind: "whileToFor", nest, line });
    else specs.push({ kind: "subscripts", nest, line });
  }
  const chain = chainOf(root).map((l) => l.var);
  if (chain.length > 2) specs.push({ kind: "permute", nest, order: [...chain].reverse() });
  for (let a = 0; a < chain.length; a++)
    for (let b = a + 1; b <= Math.min(chain.length, a + 3); b++)
      for (const size of [0, 3]) specs.push({ kind: "tile", nest, sizes: Object.fromEntries(chain.slice(a, b).map((v) => [v, size])) });
  return specs;
}

interface Case { source: Source; key: string; result: TransformResult; offered: boolean }

function casesOf(source: Source): Case[] {
  const { nests } = engine.lowerAll(source.text, { defines: source.defines });
  const doc = engine.open(source.text, { defines: source.defines });
  // An offer and its explicit twin are the same spec on the same document: apply it once.
  const applied = new Map<string, TransformResult>();
  const apply = (spec: TransformSpec): TransformResult => {
    const k = JSON.stringify(spec);
    let r = applied.get(k);
    if (!r) applied.set(k, (r = doc.apply(spec)));
    return r;
  };
  const out: Case[] = [];
  const seen = new Set<string>();
  const add = (spec: TransformSpec, result: TransformResult, offered: boolean) => {
    const key = `${label(spec)}${offered ? " (offered)" : ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ source, key, result, offered });
  };
  for (const nest of nests) {
    for (const l of loopsOf(nest.root))
      for (const offer of doc.actionsAt(l.span.start)) {
        const result = apply(offer.spec);
        // An offer shown enabled must apply; one shown disabled must stay refused.
        if (result.ok !== offer.ok) add(offer.spec, { ok: false, reason: `offer ${offer.ok ? "enabled" : "disabled"} but apply ${result.ok ? "applied" : "refused"}`, blockers: [] }, true);
        else add(offer.spec, result, true);
      }
    // Explicit specs go through the same path as a resolved code action (it lowers only the
    // nest's function: the preprocessed unseen files carry whole system headers).
    for (const spec of explicitSpecs(nest.id, nest.root)) add(spec, apply(spec), false);
  }
  return out;
}

/** gcc -fsyntax-only over many files per call (two calls at a time): the files that fail, with their first error. */
async function syntaxCheck(files: string[], perCall = 120): Promise<{ failed: Map<string, string>; unclear: Set<string> }> {
  const failed = new Map<string, string>();
  const unclear = new Set<string>();
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += perCall) chunks.push(files.slice(i, i + perCall));
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      let stderr = "", status = 0;
      try { stderr = (await run("gcc", [...GCC, ...chunk], { cwd: work, maxBuffer: 64 << 20 })).stderr; } catch (e) { stderr = (e as { stderr?: string }).stderr ?? String(e); status = 1; }
      let named = false;
      for (const m of stderr.matchAll(/^([^\s:]+\.c):(\d+):\d+: (?:fatal )?error: (.*)$/gm)) {
        named = true;
        if (!failed.has(m[1])) failed.set(m[1], `line ${m[2]}: ${m[3]}`);
      }
      // gcc failed without naming a file (killed, out of memory): none of these files is known good.
      if (status !== 0 && !named) for (const f of chunk) unclear.add(f);
    }
  }));
  return { failed, unclear };
}

/**
 * The files of each source (the input, then its distinct rewrites) as one translation unit per
 * set of #include lines (helpers/oneUnit.ts: the #line names are the files' own, so an error
 * reads as it would for the file alone), many units per gcc call. A unit with an error, or a gcc
 * call that fails without naming one, is checked again one file at a time: an unbalanced brace
 * in one rewrite would otherwise run into the next file.
 */
async function checkInUnits(groups: { file: string; text: string }[][]): Promise<Map<string, string>> {
  const units: string[][] = [];
  const unitOf = new Map<string, number>();
  for (const group of groups) {
    const byIncludes = new Map<string, { file: string; text: string }[]>();
    for (const f of group) { const k = includesOf(f.text); byIncludes.set(k, [...(byIncludes.get(k) ?? []), f]); }
    for (const members of byIncludes.values()) {
      const u = `u${units.length}.c`;
      writeFileSync(join(work, u), joinChunks(members.map((f) => ({ names: fileScopeNames(parser, f.text), parts: [f] }))));
      units.push(members.map((f) => f.file));
      for (const f of members) unitOf.set(f.file, units.length - 1);
      unitOf.set(u, units.length - 1);
    }
  }
  const { failed, unclear } = await syntaxCheck(units.map((_, i) => `u${i}.c`), 8);
  const again = new Set<number>([...failed.keys(), ...unclear].map((f) => unitOf.get(f) ?? -1));
  const out = new Map<string, string>();
  if (again.delete(-1)) units.forEach((_, i) => again.add(i)); // an error outside every file: check them all alone
  for (const [f, why] of failed) if (!again.has(unitOf.get(f)!)) out.set(f, why);
  const alone = await syntaxCheck([...again].flatMap((i) => units[i]));
  for (const [f, why] of alone.failed) out.set(f, why);
  for (const f of alone.unclear) if (!out.has(f)) out.set(f, "gcc failed without naming an error");
  unitStats.units = units.length; unitStats.again = again.size;
  return out;
}
const unitStats = { units: 0, again: 0 };

// Rewrites of bodies with declarations that must be accepted (refusing everything would pass the rest).
const MUST_APPLY: [string, string][] = [
  ["compiles/colsum.c", "colsum:4 --unroll k=2 --at 5"],
  ["compiles/colsum.c", "colsum:4 --unroll c=3 --at 4"],
  ["compiles/arrays.c", "smooth:5 --unroll i=2 --at 5"],
  ["compiles/arrays.c", "blend:21 --unroll i=3 --at 21"],
  ["compiles/rowptr.c", "rowstats:18 --fission"],
  ["compiles/locals.c", "affine:4 --unroll j=3 --at 5"],
  ["compiles/locals.c", "affine:4 --unroll i=2 --at 4"],
  ["compiles/locals.c", "split:30 --unroll i=2 --at 30"],
  ["compiles/band.c", "mm:16 --unroll k=3 --at 18"],
  ["compiles/band.c", "scaled:4 --tile i=3"], // (i=0 picks 256 > 64 iterations: refused, nothing to tile)
  ["unrollJam/decl.before.c", "mv:11 --unroll-jam i=2 --at 11"],
  ["unroll/pointer.before.c", "colsum:12 --unroll k=3 --at 14"],
  ["compiles/fuse.c", "twice:5 --fuse"],
  ["compiles/fuse.c", "capture:18 --fuse"],
  ["compiles/guarded.c", "blocks:22 --fission"],
  ["compiles/layouts.c", "oneline:5 --fission"],
  ["whileToFor/avgpool.before.c", "avgpool:11 --while-to-for --at 15"],
  ["subscripts/colsum_walk.before.c", "colsum_walk:11 --subscripts --at 14"],
  ["privatize/colmax.before.c", "colmax:11 --privatize m (offered)"],
  ["compiles/layouts.c", "multiline:12 --fission"],
];

// npm test checks the sources named above, the first source of each set (samples/, data/transform,
// data/unseen, data/unseen-dl, data/compiles) and about one in SAMPLE_EVERY of the others (by
// name, helpers/sample.ts); LOOPSMITH_FULL=1 (a step of .ci/run) checks every source. (Every kind
// of transformation is tried on every source: the kinds do not depend on the sample.)
const SAMPLE_EVERY = 20;
const everySource = allSources();
const setOf = (s: { name: string }) => (s.name.startsWith("samples/") ? "samples" : s.name.split("/").slice(0, 4).join("/"));
const firstOfDir = firstOfEach(everySource, setOf);
const srcs = sampled(everySource, (s) => s.name, SAMPLE_EVERY, (s) => firstOfDir(s) || MUST_APPLY.some(([file]) => s.name.endsWith(file))).map((s) => s.load());
// Yielding between sources: the full set takes over a minute at import (helpers/macrotask.ts).
const cases = await flatMapYielding(srcs, casesOf);
const accepted = cases.filter((c) => c.result.ok);
const fileOf = new Map<Case | Source, string>();
let failed = new Map<string, string>();

describe("every accepted rewrite compiles", () => {
  beforeAll(async () => {
    const started = Date.now();
    const groups = new Map<Source, { file: string; text: string }[]>();
    srcs.forEach((s, i) => { const f = `s${i}.c`; writeFileSync(join(work, f), s.text); fileOf.set(s, f); groups.set(s, [{ file: f, text: s.text }]); });
    // Many specs give the same text (an offer and its explicit twin, tiles of one size): compile each text once.
    const byText = new Map<string, string>();
    accepted.forEach((c) => {
      const text = (c.result as { text: string }).text;
      let f = byText.get(text);
      if (!f) { f = `r${byText.size}.c`; byText.set(text, f); writeFileSync(join(work, f), text); groups.get(c.source)!.push({ file: f, text }); }
      fileOf.set(c, f);
    });
    failed = await checkInUnits([...groups.values()]);
    const ok = accepted.filter((c) => !failed.has(fileOf.get(c)!)).length;
    console.log(`compiles: ${cases.length} specs on ${srcs.length} of ${everySource.length} files${FULL ? "" : ` (a sample: LOOPSMITH_FULL=1 checks them all)`}, ${accepted.length} accepted (${byText.size} distinct texts), ${ok} of them compile (${unitStats.units} units, ${unitStats.again} checked again file by file); ${((Date.now() - started) / 1000).toFixed(1)} s of gcc`);
  }, 300_000);
  // Thousands of files: deleting them can take longer than the default 10 s hook timeout on a loaded machine.
  afterAll(() => { if (!process.env.COMPILES_KEEP) rmSync(work, { recursive: true, force: true }); }, 120_000);

  it("checks a real number of rewrites, on every kind of transformation", () => {
    expect(everySource.length).toBeGreaterThan(100);
    expect(srcs.length).toBeGreaterThan(FULL ? 100 : 100 / SAMPLE_EVERY);
    expect(accepted.length).toBeGreaterThan(FULL ? 1000 : 1000 / SAMPLE_EVERY);
    const kinds = new Set(accepted.map((c) => (c.result.ok ? c.key.split(" --")[1].split(/[ =]/)[0] : "")));
    expect([...kinds].sort()).toEqual(["accumulate-in-place", "fission", "fuse", "layout", "parallel", "permute", "privatize", "relayout", "scalar-expand", "scalar-replace", "simd", "split-accumulators", "subscripts", "tile", "to-layout", "unroll", "unroll-jam", "while-to-for"]);
  });

  for (const [file, key] of MUST_APPLY)
    it(`${file} ${key} is accepted`, () => {
      const c = cases.find((c) => c.source.name.endsWith(file) && c.key === key);
      expect(c, `no such case (cases: ${cases.filter((c) => c.source.name.endsWith(file)).map((c) => c.key).join("; ")})`).toBeDefined();
      expect(c!.result.ok ? "" : c!.result.reason).toBe("");
    });

  for (const s of srcs) {
    it(`${s.name}: the input and every accepted rewrite compile`, () => {
      expect(failed.get(fileOf.get(s)!), `${s.name} itself must compile`).toBeUndefined();
      const mine = accepted.filter((c) => c.source === s);
      const broken = mine.filter((c) => failed.has(fileOf.get(c)!));
      const first = broken[0] ? `\n--- ${broken[0].key} ---\n${(broken[0].result as { text: string }).text}` : "";
      expect(broken.map((c) => `${c.key}: ${failed.get(fileOf.get(c)!)}`), `${broken.length} of ${mine.length} accepted rewrites do not compile${first}`).toEqual([]);
      const inconsistent = cases.filter((c) => c.source === s && !c.result.ok && c.result.reason.startsWith("offer ")).map((c) => `${c.key}: ${!c.result.ok && c.result.reason}`);
      expect(inconsistent).toEqual([]);
      for (const c of cases.filter((c) => c.source === s && !c.result.ok)) expect((c.result as { reason: string }).reason.trim(), c.key).not.toBe("");
    });
  }
});
