// "Optimise this nest": a search over chains of checked rewrites, scored by the cost model
// (`transform --optimize`, the editor's "Optimise for <target>" action). Pure: the facade
// (engine/index.ts) supplies how to apply a spec to a text and how to predict a text's time.
//
// The plan is data: a list of transform specs, each one the `transform` command replays. It is
// built in stages, each stage's steps applied one after another to the output of the last:
// 0. form (by rule): each counted while becomes a for loop, and pointer walks become subscripts
//    (transform/whileToFor.ts), so that the stages below can move them; alone it is no plan.
// 1. order (scored): the nest's reorders (`--layout`, the named layouts' orders, a scalar
//    expanded first when that is what blocks the reorder). Greedy: the candidate predicted
//    fastest is taken while it beats the current code by more than 2% (FIX_MARGIN).
// 2. tiles (scored): each perfect band of two or more loops tiled with the sizes the cache
//    model picks (optimize/tileSizes.ts), kept when predicted faster by more than 2%.
// 3. registers (by rule): steps the model does not price (it counts cache traffic and FLOPs at
//    the vector or scalar rate, not registers or latency chains): unroll-and-jam of an outer
//    loop whose read-only reference the innermost loop reuses (the register tile), scalar
//    replacement of an element the innermost loop keeps updating, split accumulators on a
//    floating-point reduction (latency-bound as written: gcc does not reassociate it without
//    -ffast-math). Each is kept only when legal and (but the split, which the model cannot price)
//    not predicted slower by more than 2%.
// 4. threads (with threads > 1): `#pragma omp parallel for` on each nest's outermost loop, when
//    it carries no dependence (never on an inner loop: a fork and join per outer iteration). No
//    OpenMP pragma is emitted single-threaded: without -fopenmp it would be ignored, and -Wall
//    warns of it.
// Every candidate is checked by the rewrite itself (its dependence test); a refused one is
// skipped. Deterministic: candidates are tried in a fixed order, ties keep the earlier.

import type { Access, Loop, Nest } from "../ir/types";
import type { Bindings } from "../symbolic/poly";
import type { TransformResult } from "../transform/common";
import type { TransformSpec } from "../transform/registry";
import { loopsDeclaring, loopsOf } from "../transform/common";
import { loopsAround } from "../analysis/carried";
import { perfectChain, strideOf, accessesIn, accessesWithCallees, stmtsIn } from "../analysis/loopOrder";
import { nestRoles } from "../analysis/roles";
import { invariantArrays } from "../transform/scalarReplace";
import { check, OutOfBudget } from "../budget";
import { flatView } from "../ir/memory";
import { FIX_MARGIN } from "./quickFix";

/** The accesses of a loop, those made inside same-file callees it calls included: the rules below
 *  must see the column walk a helper makes. */
const deepAccesses = (l: Loop): Access[] => stmtsIn([l]).flatMap(accessesWithCallees);

/** Offsets of the text the plan may rewrite: the nest's lines, then whatever rewrites made of them. */
export interface Region { readonly start: number; readonly end: number }

export interface SearchHooks {
  /** The rewrite of `text` by `spec` (its own legality check), as `transform` makes it. */
  apply(text: string, spec: TransformSpec): TransformResult;
  /** Predicted seconds of the nests inside `region` (the nest being optimised, or the parts a
   *  rewrite made of it); null when unknown. The nest's own time, not its function's: a rewrite
   *  of a small nest beside a large one is judged by its own gain (FIX_MARGIN). */
  predict(text: string, region: Region): number | null;
  /** The lowered nests of the function holding `at`, with the symbol values. */
  nests(text: string, at: number): { nests: readonly Nest[]; bindings: (n: Nest) => Bindings };
}

export interface PlanStep {
  readonly spec: TransformSpec;
  /** The step as a `transform` flag (`--tile j=64,k=128`). */
  readonly flag: string;
  readonly title: string;
  readonly stage: "form" | "order" | "tiles" | "registers" | "threads";
  /** Predicted seconds after the step (null unknown). */
  readonly after: number | null;
  readonly notes: readonly string[];
  /** Run-time conditions the step's rewrite holds under (TransformResult.requires). */
  readonly requires?: readonly string[];
}

export type OptimizeResult =
  | { readonly ok: true; readonly text: string; readonly steps: readonly PlanStep[]; readonly before: number | null; readonly after: number | null; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly before: number | null; readonly tried: number };

export interface OptimizeOptions {
  /** Threads the code may use: OpenMP pragmas only when > 1. */
  readonly threads?: number;
  /** Register-tile height (rows jammed): 4 unless told. */
  readonly jam?: number;
  /** Partial sums of a split reduction; unless told, two vectors' worth of the target's lanes
   *  for the sum's element size (`lanes`), at least 4 (latency) and at most 16 (registers). */
  readonly accumulators?: number;
  /** Vector lanes of the target for an element of so many bytes (4: fp32, 8: fp64); 1 unless told. */
  readonly lanes?: (bytes: number) => number;
  /** Sizes the bindings hold only for pricing (optimize/plannedSizes.ts): a trip count of one is not known. */
  readonly planned?: ReadonlySet<string>;
  /** false: no step that reorders floating-point sums (the results stay bit-identical). */
  readonly reassociate?: boolean;
  /** The target's second cache level (its only one when it has one): data larger is streamed from
   *  memory. Unless told, 512 KiB and 64-byte lines. */
  readonly cache?: { readonly bytes: number; readonly lineBytes: number };
}

/** Iterations of a loop, when known (a number), for the rules' size checks. */
function tripOf(l: Loop, b: Bindings): number | null {
  return l.tripCount?.evaluate(b)?.toNumber() ?? null;
}

/** Bytes of the array `a` refers to, when every extent is known. */
function footprintOf(a: Access, b: Bindings): number | null {
  const elements = a.info ? flatView(a.info).dims[0]?.evaluate(b)?.toNumber() : undefined;
  return elements !== undefined && a.elementBytes ? elements * a.elementBytes : null;
}

/** Every reference steps by at most one element along `l` (stride 0 or 1: a vector loop's walk). */
function contiguousAlong(refs: readonly Access[], l: Loop, b: Bindings): boolean {
  return refs.every((a) => { const s = strideOf(a, l, b); return s !== null && Math.abs(s) <= 1; });
}

/** Every order of `xs`, `xs` itself first. */
function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Less predicted work than this in a nest (one core): no OpenMP region for it (a fork and join
 *  costs tens of microseconds on a small multicore, milliseconds on a busy 2-vCPU VM). */
const MIN_PARALLEL_SECONDS = 200e-6;

/** The spec as the `transform` flag that replays it. */
export function specFlag(s: TransformSpec): string {
  const at = "line" in s && s.line !== undefined ? ` --at ${s.line}` : "";
  switch (s.kind) {
    case "permute": return `--permute ${s.order.join(",")}${at}`;
    case "layout": return "--layout";
    case "toLayout": return `--to-layout ${s.layout}`;
    case "relayout": return `--relayout ${s.array}=${s.layout}${s.reorder ? " --and-reorder" : ""}`;
    case "fission": return `--fission${at}`;
    case "fuse": return "--fuse";
    case "tile": return `--tile ${Object.entries(s.sizes).map(([k, v]) => `${k}=${v}`).join(",")}`;
    case "unroll": return `--unroll ${s.loop}=${s.factor}${at}`;
    case "unrollJam": return `--unroll-jam ${s.loop}=${s.factor}${at}`;
    case "scalarReplace": return `--scalar-replace ${s.array}${at}`;
    case "simd": return `--simd${at}`;
    case "parallel": return `--parallel${at}`;
    case "scalarExpand": return `--scalar-expand ${s.name}${s.maxTrips && Object.keys(s.maxTrips).length ? ` --max-trips ${Object.entries(s.maxTrips).map(([k, v]) => `${k}=${v}`).join(",")}` : ""}${at}`;
    case "splitAccumulators": return `--split-accumulators ${s.factor}${at}`;
    case "accumulateInPlace": return `--accumulate-in-place ${s.name}${at}`;
    case "privatize": return `--privatize ${s.name}`;
    case "whileToFor": return `--while-to-for${at}`;
    case "subscripts": return `--subscripts${at}`;
  }
}

/** Length of the common prefix and suffix of two texts (the suffix not overlapping the prefix). */
function common(a: string, b: string): { prefix: number; suffix: number } {
  let p = 0;
  const n = Math.min(a.length, b.length);
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { prefix: p, suffix: s };
}

/** The region after `before` became `after`: it grows to hold every changed character, on whole lines. */
function moved(region: Region, before: string, after: string): Region {
  const { prefix, suffix } = common(before, after);
  const start = Math.min(region.start, after.lastIndexOf("\n", prefix - 1) + 1);
  const fromEnd = Math.min(before.length - region.end, suffix);
  let end = after.length - fromEnd;
  const nl = after.indexOf("\n", end);
  end = nl < 0 ? after.length : nl;
  return { start, end: Math.max(end, start) };
}

/** An offset inside the region (its first line's second character: inside the function). */
const inside = (r: Region) => r.start + (r.end > r.start ? 1 : 0);

/** Runs the search on the nest(s) in `region` of `text`. */
export function optimize(text: string, region: Region, hooks: SearchHooks, options: OptimizeOptions = {}): OptimizeResult {
  const threads = Math.max(1, options.threads ?? 1);
  const jam = options.jam ?? 4;
  /** The partial sums for a reduction over elements of `bytes` (null: not known). */
  const accumulatorsFor = (bytes: number | null) => options.accumulators ?? Math.min(16, Math.max(4, 2 * (bytes ? options.lanes?.(bytes) ?? 1 : 1)));
  const before = hooks.predict(text, region);
  let current = before;
  let tried = 0;
  const steps: PlanStep[] = [];
  const inRegion = (): { nests: Nest[]; bindings: (n: Nest) => Bindings } => {
    const r = hooks.nests(text, inside(region));
    return { nests: r.nests.filter((n) => n.root.span.start >= region.start && n.root.span.end <= region.end), bindings: r.bindings };
  };
  /** Applies a spec; the new text and its prediction, or null when refused. */
  const attempt = (spec: TransformSpec): { r: Extract<TransformResult, { ok: true }>; after: number | null } | null => {
    check();
    tried++;
    let r: TransformResult;
    try { r = hooks.apply(text, spec); } catch (e) { if (e instanceof OutOfBudget) throw e; return null; }
    if (!r.ok || r.text === text) return null;
    if (options.reassociate === false && r.notes.some((n) => /floating-point/.test(n))) return null;
    return { r, after: hooks.predict(r.text, moved(region, text, r.text)) };
  };
  const take = (spec: TransformSpec, got: { r: Extract<TransformResult, { ok: true }>; after: number | null }, stage: PlanStep["stage"]) => {
    region = moved(region, text, got.r.text);
    text = got.r.text;
    current = got.after;
    steps.push({ spec, flag: specFlag(spec), title: got.r.title, stage, after: got.after, notes: got.r.notes, ...(got.r.requires?.length ? { requires: got.r.requires } : {}) });
  };
  /** The search's state (text, region, prediction, steps taken), for undo to return to. */
  const mark = () => ({ text, region, current, count: steps.length });
  const undo = (m: ReturnType<typeof mark>) => { steps.length = m.count; ({ text, region, current } = m); };
  const faster = (after: number | null, than: number | null) => after !== null && than !== null && after < than * FIX_MARGIN;
  const notSlower = (after: number | null, than: number | null) => than === null || (after !== null && after <= than / FIX_MARGIN);

  // The reorders of a nest: `--layout`, the named layouts, every order of the outer perfect
  // band (up to 4 loops: reuse across an outer loop, as fc over a batch reading the weights once
  // per batch row, is the model's to see).
  const reorders = (n: Nest, b: Bindings): TransformSpec[] => {
    const specs: TransformSpec[] = [{ kind: "layout", nest: n.id }];
    const tensor = nestRoles(n, b);
    if (tensor && [...tensor.roles.values()].some((r) => r.role)) specs.push({ kind: "toLayout", nest: n.id, layout: "NCHW" }, { kind: "toLayout", nest: n.id, layout: "NHWC" });
    const band = perfectChain(n.root);
    if (band.length >= 2 && band.length <= 4)
      for (const order of permutations(band.map((l) => l.var)).slice(1)) specs.push({ kind: "permute", nest: n.id, order, line: n.root.span.line });
    // Inner bands (doitgen's s, p inside r, q, once split from sum[p] = 0): every order of each
    // perfect band of 2-3 loops that starts below the outer band, named by its line.
    const outer = new Set(band);
    for (const l of loopsOf(n.root)) {
      if (outer.has(l)) continue;
      const inner = perfectChain(l);
      if (inner.length < 2 || inner.length > 3 || inner.some((x) => outer.has(x))) continue;
      for (const order of permutations(inner.map((x) => x.var)).slice(1)) specs.push({ kind: "permute", nest: n.id, order, line: l.span.line });
    }
    return specs;
  };
  /** The reorder of the region's nests predicted fastest, if it beats `than` (any accepted `--layout` when times are unknown). */
  const bestReorder = (than: number | null) => {
    let best: { spec: TransformSpec; got: NonNullable<ReturnType<typeof attempt>> } | null = null;
    const { nests, bindings } = inRegion();
    for (const n of nests) for (const spec of reorders(n, bindings(n))) {
      const got = attempt(spec);
      if (got && faster(got.after, best ? best.got.after : than)) best = { spec, got };
      // The time unknown (a size not bound): the reorder `--layout` picks by strides alone.
      else if (got && than === null && !best && spec.kind === "layout") best = { spec, got };
    }
    return best;
  };

  // 0. Form: each counted while with pointer walks (CMSIS style, `while (cnt--) { s += *p; p += w; }`)
  // becomes a for loop with subscripts, which the later stages can move. It costs nothing and
  // gains nothing by itself: a plan made of it alone is no plan.
  // Then the pointer walks of for loops (`for (i..) acc += *w++ * *x++;`), outer loops first: a
  // pointer carried across an outer loop is replaced at that loop's level.
  for (let found = true; found;) {
    found = false;
    const { nests } = inRegion();
    for (const n of nests) {
      for (const l of loopsOf(n.root).filter((x) => x.counted || accessesIn(x).some((a) => a.via))) {
        const spec: TransformSpec = { kind: l.counted ? "whileToFor" : "subscripts", nest: n.id, line: l.span.line };
        const got = attempt(spec);
        if (got) { take(spec, got, "form"); found = true; break; }
      }
      if (found) break;
    }
  }

  // 1. Loop order, greedy on the prediction (a nest may split: each part is offered its reorders).
  const reorderRounds = () => {
    for (let round = 0; round < 4; round++) {
      const best = bestReorder(current);
      if (!best) break;
      if (current === null && steps.some((s) => s.spec.kind === "layout" && s.spec.nest === best.spec.nest)) break;
      take(best.spec, best.got, "order");
    }
  };
  reorderRounds();
  /** A step before a reorder: a spec, or one made from the text as it is then (null: none). */
  type Pre = TransformSpec | (() => TransformSpec | null);
  /** `pre` (a split, an accumulator moved out of the way), then the reorder it unblocks: both kept
   *  when the reorder beats the code as it was before `pre` (by a known time when `timed`), else
   *  both undone. */
  const withReorder = (pre: Pre | readonly Pre[], timed: boolean, split = false): boolean => {
    const saved = mark();
    for (const q of Array.isArray(pre) ? pre : [pre]) {
      const p = typeof q === "function" ? q() : q;
      const e = p && attempt(p);
      if (!p || !e) { undo(saved); return false; }
      take(p, e, "order");
    }
    const best = bestReorder(saved.current);
    if (best && (!timed || faster(best.got.after, saved.current))) { take(best.spec, best.got, "order"); return true; }
    // `split`: else an inner loop split first (matmul's j around `C = 0` and the k loop, once the
    // accumulator is the element), then reordered, when that beats the code before `pre`.
    if (split) for (const { n, l } of innerSplits()) {
      const f: TransformSpec = { kind: "fission", nest: n.id, line: l.span.line };
      const before = mark();
      const g = attempt(f);
      if (!g) continue;
      take(f, g, "order");
      const next = bestReorder(saved.current);
      if (next && faster(next.got.after, saved.current)) { take(next.spec, next.got, "order"); return true; }
      undo(before);
    }
    undo(saved);
    return false;
  };
  /** Inner loops whose body holds a statement beside a loop, innermost last. */
  const innerSplits = () => inRegion().nests.flatMap((n) => loopsOf(n.root).filter((l) => l !== n.root && l.parts && l.body.length > 1 && l.body.some((x) => x.kind === "loop")).map((l) => ({ n, l })));
  // An inner loop whose body holds a statement beside a loop (doitgen's p: sum[p] = 0, then the
  // s loop) keeps that loop from being reordered with it: split there, then reordered, when the
  // pair is predicted faster (the split alone is undone).
  for (const { n, l } of innerSplits().reverse()) if (withReorder({ kind: "fission", nest: n.id, line: l.span.line }, true)) break;
  /** The trip counts, at the priced sizes, of the loops around the declaration of `name` (the
   *  most iterations an expanded array is made for where the source leaves a count open: the
   *  rewrite then runs under a run-time check of them). */
  const pricedTrips = (id: string, name: string, line?: number): Record<string, number> => {
    const { nests, bindings } = inRegion();
    const n = nests.find((x) => x.id === id);
    if (!n) return {};
    const b = bindings(n);
    const out: Record<string, number> = {};
    const owner = loopsDeclaring(n.root, name).find((l) => line === undefined || l.span.line === line);
    if (!owner) return {};
    for (const l of [...loopsAround(n.root, owner), owner]) {
      const v = l.tripCount?.evaluate(b);
      if (v && v.isInteger() && v.num > 0n && v.num <= 1n << 16n && !l.tripCount!.constantValue()) out[l.var] = Number(v.num);
    }
    return out;
  };
  // A scalar accumulator declared in a loop body (matmul's `s`, fc, depthwise, pooling) blocks
  // their reorder: kept in the element it is stored to, or else expanded into an array, then
  // reordered, when the pair is predicted faster (any accepted --layout when times are unknown).
  // Several loops of the nest declaring it (a temporary each sibling loop sets, ludcmp's w once
  // privatised): each one's, the last first (so the earlier lines stay), then the reorder.
  const accumulatorReorder = (nest: string, name: string): boolean => {
    const n = inRegion().nests.find((x) => x.id === nest);
    const lines = n ? loopsDeclaring(n.root, name).map((l) => l.span.line).reverse() : [];
    const at = (line: number) => (lines.length > 1 ? { line } : {});
    return [
      lines.map((line): TransformSpec => ({ kind: "accumulateInPlace", nest, name, ...at(line) })),
      lines.map((line): TransformSpec => ({ kind: "scalarExpand", nest, name, maxTrips: pricedTrips(nest, name, line), ...at(line) })),
    ].some((pres) => pres.length > 0 && withReorder(pres, false, true));
  };
  /** The scalars `names` that one loop declares, each expanded into an array, then the reorder. */
  const jointReorder = (names: readonly string[]): boolean =>
    withReorder(names.map((name) => (): TransformSpec | null => {
      // Each expansion adds a declaration before the nest: its id and lines are read afresh.
      const n = inRegion().nests.find((x) => loopsDeclaring(x.root, name).length === 1);
      const owner = n && loopsDeclaring(n.root, name)[0];
      return n && owner ? { kind: "scalarExpand", nest: n.id, name, maxTrips: pricedTrips(n.id, name, owner.span.line) } : null;
    }), false, true);
  // The same for function-scope scalars (C89 style: `double temp2;` at the top) that loops set
  // first in each iteration: each is declared there first (transform/privatize.ts; a plain
  // temporary such as `d = x - mean;` too, which would otherwise tie the iterations together),
  // all of them kept only when an accumulator rewrite and the reorder it unblocks follow.
  const unprivatized = mark();
  const privatizeTried = new Set<string>();
  for (;;) {
    const { nests } = inRegion();
    const next = nests.flatMap((n) => {
      const vars = new Set(loopsOf(n.root).map((l) => l.var));
      const declared = new Set(loopsOf(n.root).flatMap((l) => (l.decls ?? []).flatMap((d) => d.names)));
      const written = stmtsIn([n.root]).flatMap((x) => x.scalars.filter((v) => v.kind === "write").map((v) => v.name));
      return [...new Set(written)].filter((v) => !vars.has(v) && !declared.has(v) && !privatizeTried.has(v)).map((name) => ({ id: n.id, name }));
    })[0];
    if (!next) break;
    privatizeTried.add(next.name);
    const spec: TransformSpec = { kind: "privatize", nest: next.id, name: next.name };
    const got = attempt(spec);
    if (got) take(spec, got, "order");
  }
  // Every scalar a loop body declares and changes, nest by nest, until none is left that an
  // accumulator rewrite and a reorder take (a bounded number of tries).
  let accumulated = false;
  {
    // A pass tries each one once; after a success the text has changed, so the next pass tries
    // the others again.
    let tries = 16;
    for (let progress = true; progress && tries > 0;) {
      progress = false;
      const { nests } = inRegion();
      const decls = nests.flatMap((n) => [...new Set(loopsOf(n.root).flatMap((l) => (l.decls ?? []).filter((d) => d.modified && d.names.length === 1).map((d) => d.names[0])))].map((name) => ({ n, name })));
      for (const { n, name } of decls) {
        if (tries-- <= 0) break;
        if (accumulatorReorder(n.id, name)) { accumulated = progress = true; break; }
      }
      if (progress) continue;
      // Scalars that move together (a column argmax's best value and its index: neither can be
      // expanded alone and the loops reordered, since the other still ties the iterations):
      // every modified scalar one loop body declares, expanded together, then the reorder.
      for (const n of nests) for (const l of loopsOf(n.root)) {
        const names = (l.decls ?? []).filter((d) => d.modified).flatMap((d) => d.names);
        if (names.length < 2 || names.length > 4 || tries-- <= 0) continue;
        if (jointReorder(names)) { accumulated = progress = true; break; }
      }
    }
  }
  if (!accumulated) undo(unprivatized);
  // The nests an accumulator rewrite split off get their own reorders (a column walk after the
  // sums it needed: `a[i][j] /= nrm[j]`).
  if (steps.some((x) => x.spec.kind === "accumulateInPlace" || x.spec.kind === "scalarExpand")) reorderRounds();

  // 2. Tiles from the cache model, per nest (last nest first, so the earlier ids stay). An
  // imperfect nest whose outer band is a single loop (gemm's i around `C *= beta` and the k, j
  // product) is split first, and its parts tiled; the split is kept only with a faster tiling.
  {
    const tileOne = (n: Nest, b: Bindings): boolean => {
      const chain = perfectChain(n.root);
      // A contiguous innermost loop stays whole: it is the vector loop, and a short tile of it
      // (with a min() bound) costs more in loop overhead than the model's cache figures gain.
      const last = chain[chain.length - 1];
      const band = last && !loopsOf(last).slice(1).length && contiguousAlong(accessesIn(last), last, b) ? chain.slice(0, -1) : chain;
      if (band.length < 2) return false;
      const spec: TransformSpec = { kind: "tile", nest: n.id, sizes: Object.fromEntries(band.map((l) => [l.var, 0])) };
      const got = attempt(spec);
      if (!got || !faster(got.after, current)) return false;
      take(got.r.tileSizes ? { ...spec, sizes: got.r.tileSizes } : spec, got, "tiles");
      return true;
    };
    const { nests, bindings } = inRegion();
    for (const n of [...nests].reverse()) {
      if (perfectChain(n.root).length >= 2 || loopsOf(n.root).length < 3 || current === null) { tileOne(n, bindings(n)); continue; }
      const saved = mark();
      const split = attempt({ kind: "fission", nest: n.id });
      if (!split) continue;
      take({ kind: "fission", nest: n.id }, split, "tiles");
      const parts = inRegion();
      let tiled = false;
      for (const m of [...parts.nests].reverse()) if (m.root.span.start >= n.root.span.start) tiled = tileOne(m, parts.bindings(m)) || tiled;
      if (!tiled || !faster(current, saved.current)) undo(saved);
    }
  }

  // 3. Register-level steps, by rule, each on the code as it is now (innermost loops last first).
  const innermost = (): { n: Nest; l: Loop; b: Bindings }[] => {
    const { nests, bindings } = inRegion();
    return nests.flatMap((n) => loopsOf(n.root).filter((l) => !l.body.some((x) => x.kind === "loop") && loopsOf(l).length === 1).map((l) => ({ n, l, b: bindings(n) }))).reverse();
  };
  const tryRule = (spec: TransformSpec, priced = true): boolean => {
    const got = attempt(spec);
    if (!got || (priced && !notSlower(got.after, current))) return false;
    take(spec, got, "registers");
    return true;
  };
  // 3a. Register tile: jam `jam` iterations of the nearest enclosing loop that a read-only
  // reference of the innermost loop does not depend on (each loaded value then serves `jam` rows).
  for (const { n, l, b } of innermost()) {
    const refs = accessesIn(l);
    const written = new Set(refs.filter((a) => a.kind === "write").map((a) => a.array));
    if (!contiguousAlong(refs, l, b)) continue; // not a vector loop
    const chain = perfectChain(n.root);
    const above = chain.slice(0, chain.indexOf(l)).reverse();
    if (chain.indexOf(l) < 0) continue;
    // At most two loops out: a jam across more loops (a conv's filter loop n over x, k and the
    // 3x3 window, into the image row) left gcc 12 a "complicated access pattern" it did not
    // vectorise, 4x slower than the order alone; matmul's and 2mm's i, two loops out, gain.
    for (const p of above.slice(0, 2)) {
      // Only with a known trip count: jamming a size parameter's loop (with its remainder loop)
      // was measured slower as often as faster (a conv's x 4x slower, SYRK's j 2x; 2mm's i faster).
      const trip = tripOf(p, b);
      if (trip === null || trip < 2 * jam || [...(p.tripCount?.symbols() ?? [])].some((s) => options.planned?.has(s))) continue;
      const reused = refs.some((a) => a.kind === "read" && !written.has(a.array) && strideOf(a, p, b) === 0 && strideOf(a, l, b) !== 0);
      if (!reused) continue;
      if (tryRule({ kind: "unrollJam", nest: n.id, loop: p.var, factor: jam, line: p.span.line })) break;
    }
  }
  // Neither 3b nor 3c where the loop around walks every reference of the innermost loop
  // contiguously (conv's x around its window loop): gcc vectorises that outer loop as it is, one
  // sum per lane, and a sum kept in a local or split inside would stop it (measured: 2x slower).
  const outerVector = (n: Nest, l: Loop, b: Bindings) => {
    // The parent holds only the loop (gcc vectorises an outer loop of a perfect pair, not one
    // whose body also initialises or stores: doitgen's p around `sum[p] = 0; for (s ...)`).
    const p = loopsOf(n.root).find((x) => x.body.includes(l));
    return !!p && p.body.length === 1 && contiguousAlong(deepAccesses(l), p, b);
  };
  // 3b. An element the innermost loop keeps updating: kept in a local across it.
  for (const { n, l, b } of innermost()) {
    if (outerVector(n, l, b)) continue;
    // A single read-only value is left alone: gcc hoists it itself (measured: PolyBench gemm's
    // A[i][k] in a local ran 1.7x slower); the rows of a register tile (A[i][k] .. A[i + 3][k]) are kept.
    for (const array of invariantArrays(l)) {
      const refs = accessesIn(l).filter((a) => a.array === array);
      if (!refs.some((a) => a.kind === "write") && new Set(refs.map((a) => a.text)).size < 2) continue;
      tryRule({ kind: "scalarReplace", nest: n.id, array, line: l.span.line });
    }
  }
  const cache = options.cache ?? { bytes: 512 << 10, lineBytes: 64 };
  const streamed = (l: Loop, b: Bindings) => deepAccesses(l).some((a) => {
    if (a.kind !== "read") return false;
    const stride = strideOf(a, l, b);
    if (stride !== null && Math.abs(stride) * (a.elementBytes ?? 1) < cache.lineBytes) return false;
    const bytes = footprintOf(a, b);
    return bytes === null || bytes > cache.bytes;
  });
  // 3c. A floating-point reduction in the innermost loop: split into partial sums (latency).
  // As many partial sums as fill two of the target's vectors (gcc vectorises the unrolled sums
  // as one vector accumulator each): 16 floats on AVX2, 4 on a target without vector lanes.
  for (const { n, l, b } of innermost()) {
    if (outerVector(n, l, b)) continue;
    // An integer sum is associative: gcc vectorises it as written, and 16 scalar partial sums
    // only get in its way (a q15 FC, measured: 0.33x).
    if (!l.body.some((x) => x.kind === "stmt" && x.update?.float)) continue;
    const trip = tripOf(l, b);
    const bytes = Math.max(0, ...deepAccesses(l).filter((a) => a.kind === "read").map((a) => a.elementBytes ?? 0)) || null;
    // Sums already side by side (the rows of a register tile) share the budget: 4 jammed sums of
    // doubles on AVX2 get 2 partial sums each, not 8 (32 accumulators would spill).
    const sums = new Set(l.body.flatMap((x) => (x.kind === "stmt" && x.update?.float ? [x.update.target] : []))).size;
    const accumulators = Math.floor(accumulatorsFor(bytes) / Math.max(1, sums));
    if (accumulators < 2 || (trip !== null && trip < 2 * accumulators)) continue;
    // A read that takes a new line each iteration (a column walk) from data that may not stay in
    // cache makes the loop memory-bound, not bound by the add's latency: the split then only adds
    // overhead (measured: an FC walking a column of its weights 0.84-0.98x, a VLA column norm
    // 0.9x). Kept where the walked array fits (doitgen's C4 column: 5x).
    if (streamed(l, b)) continue;
    // Not held to the prediction: the model sees neither the latency chain this breaks nor that
    // the unrolled copies walk the lines the loop walked (it prices the step of `factor` as a
    // strided walk: doitgen's split, predicted 12% slower, ran 5x faster).
    tryRule({ kind: "splitAccumulators", nest: n.id, line: l.span.line, factor: accumulators }, false);
  }

  // 4. Threads: the outermost parallel loop of each nest.
  if (threads > 1) {
    for (const n of [...inRegion().nests].reverse()) {
      // The nest's outermost loop only: a parallel loop inside one that carries a dependence (an
      // FC's output loop under its reduction loop) forks and joins the threads on every outer
      // iteration (measured with --threads 2: 0.54-0.66x of the single-thread plan).
      // A nest predicted to take less than a fork and join costs (conv's bias and ReLU nests
      // beside its compute nest, ~10 µs each) stays sequential: each region pays the fork.
      const alone = hooks.predict(text, { start: n.root.span.start, end: n.root.span.end });
      if (alone !== null && alone < MIN_PARALLEL_SECONDS) continue;
      const spec: TransformSpec = { kind: "parallel", nest: n.id, line: n.root.span.line };
      const got = attempt(spec);
      if (got) take(spec, got, "threads");
    }
  }

  if (steps.every((s) => s.stage === "form")) return { ok: false, reason: before === null ? "no rewrite was accepted (and the time of the code as written is unknown)" : "no legal rewrite is predicted faster than the code as written", before, tried };
  const notes: string[] = [];
  if (before === null) notes.push("the time of the code as written is unknown (see analyze): the loop order was chosen by strides alone; bind the sizes (-D NAME=VALUE) for the cost model to choose");
  if (steps.some((s) => s.stage === "registers")) notes.push("register-level steps (unroll-and-jam, scalar replacement, split accumulators) are applied by rule: the cost model does not price registers or latency chains, so their gain is not in the predicted time");
  if (steps.some((s) => s.stage === "threads")) notes.push(`the predicted times are one core's: the OpenMP loops' gain on ${threads} threads is not in them (compile with -fopenmp)`);
  if (steps.some((s) => s.spec.kind === "splitAccumulators" && s.notes.some((n) => /floating-point/.test(n)))) notes.push("split accumulators reorder floating-point sums: results may differ in the last digits");
  for (const s of steps) for (const x of s.notes) if (!notes.includes(x)) notes.push(x);
  return { ok: true, text, steps, before, after: current, notes };
}
