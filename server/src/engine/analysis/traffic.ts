// Cache traffic of one nest in its current loop order and tiling: lines filled into each cache
// level and the bytes that reach main memory, for one execution of the nest from cold caches
// (LRU, write-allocate). Pure: IR + bound values + cache geometry in, figures out.
//
// Method: analytic reuse analysis per reference group and loop level, not a trace; its cost
// depends on the number of references and loops, never on the trip counts.
//  - References to one array with the same linear part (subscripts equal up to constants:
//    A[i-1][j], A[i][j], A[i+1][j]) form a group (Wolf & Lam, PLDI 1991: uniformly generated
//    references); sibling loops with the same variable and bounds count as one dimension.
//  - Distinct lines a group touches in one iteration (or one run) of a loop: its address set
//    is a box of strides; walking the strides from the smallest, a stride whose gap to the
//    part built so far is under a line keeps every line of the span touched (stride 1: one
//    line per line; stride 2 elements: still every line), a larger one makes copies (stride
//    >= line: a line per element), counted exactly at the copies' alignments within a line.
//    Arrays are assumed to start on a line boundary (PolyBench allocates them 4096-aligned;
//    the validation compiles globals with -malign-data=cacheline).
//  - Layer conditions (Kerncraft: Hammer et al., "Kerncraft: A Tool for Analytic Performance
//    Modeling of Loop Kernels", 2017; the stack-distance view of HayStack: Gysi et al., PLDI
//    2019): the data touched between two uses of a line carried by loop l is the footprint of
//    one iteration of l (all arrays under l). Under LRU a cyclic reuse survives iff that
//    footprint fits. Per array, from the innermost shared loop out, one run of a loop costs
//    its distinct lines when the reuse it carries survives and trip x (the cost of one
//    iteration) when it does not, blended by the share of lines that survive. The parts of a
//    loop body (sibling loops, statements) reuse each other's lines when the earlier part's
//    run plus one iteration of the later part fit. Trip counts that vary with an enclosing
//    loop (triangles) are sampled over its range, weighted by footprint.
//  - Associativity (the set-mapping view of Hill & Smith, IEEE TC 1989): lines per set as a
//    distribution. A stride that is a multiple of the line maps a column onto S/gcd(stride in
//    lines, S) sets; columns of different arrays with the same shape share those sets (arrays
//    are aligned to large powers of two); contiguous blocks of a full round of sets fill them
//    evenly; smaller blocks and columns of one array land independently. A set keeps its
//    lines only within its ways, so power-of-two columns conflict near capacity.
//  - Groups of one array with different linear parts (A[i][k] and A[j][k]) share lines: their
//    union is capped by their bounding box, filled as densely as the densest group (a
//    triangle stays a triangle; triangles on both sides of the diagonal fill the box).
//  - Each level is modelled on the whole access stream (LRU stack inclusion: a larger LRU
//    cache with the same line misses on a subset), with its own line size.
//  - Write-backs: every line the written references fill at the last level is written back once.
//  - The compiler (TrafficOptions.vectorBytes): gcc -O2 vectorises an outer loop whose inner
//    loop is a column walk it cannot vectorise; that loop is modelled strip-mined by the vector
//    length. A reference invariant in the innermost loop (C[i][j] in the k loop of matmul) is
//    kept in a register by gcc -O2; it touches one line per run of that loop either way, so the
//    miss figures are the same whether it is promoted or not (only hit counts would differ).
//  - Validation: scripts/validate-cache.ts (cachegrind, three geometries, README "Cache model").
// Unknown stays unknown: an unbound size, a non-affine subscript, a loop whose trip count is
// not known or a call touching arrays out of sight gives no value, with the reason.

import type { Bindings } from "../symbolic/poly";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { Access, Guard, Loop, Nest } from "../ir/types";
import { withLocals } from "../ir/scope";
import { ALL_CALLS, coveredByUnguarded, Domain, type Enclosing, walk } from "./domain";
import type { Figure } from "./report";

/** One cache level of a target, as in the target files' `caches` entries. */
export interface CacheGeometry {
  readonly level: string;
  readonly sizeBytes: number;
  readonly lineBytes: number;
  readonly ways: number;
  readonly shared?: boolean;
}

export interface LevelTraffic {
  level: string;
  /** Lines filled into this level. */
  misses: Figure;
  /** misses x line size. */
  bytes: Figure;
}

export interface Traffic {
  /** Innermost level first, as the caches are given. */
  levels: LevelTraffic[];
  /** Bytes read from main memory: the last level's misses x its line size. */
  dramBytes: Figure;
  /** Dirty lines written back to main memory, in bytes. */
  writebackBytes: Figure;
  /** The method, in one sentence with its citation. */
  method: string;
}

export const TRAFFIC_METHOD =
  "analytic reuse per reference group and loop level with layer conditions (Kerncraft, Hammer et al. 2017; stack distances as in HayStack, Gysi et al. PLDI 2019), " +
  "line-granular footprints, a set-mapping correction for line-multiple strides; LRU, write-allocate, cold caches, arrays line-aligned";

export interface TrafficOptions {
  /**
   * Vector width, in bytes, of the compiler's outer-loop vectorisation (gcc -O2 with 128-bit
   * SSE2/NEON: 16, the default). gcc vectorises a loop whose body is one innermost loop that it
   * cannot vectorise itself (a column walk: B[k][j] in the k loop of matmul ijk) when every
   * reference moves by one element or not at all along the outer loop and the trip count is a
   * multiple of the vector length: each inner iteration then touches VF consecutive elements,
   * as if the outer loop were strip-mined by VF with the strip innermost. 0: the trace of the
   * source as written.
   */
  readonly vectorBytes?: number;
  /**
   * A reference under a condition on data that no unguarded reference covers (an argmax's
   * `bi[c] = r` where a value beats the best): "unknown" (the default) makes the traffic
   * unknown; "bound" counts it as if the condition always held, an upper bound, for comparing
   * rewrites (the search's predictions), never for a report.
   */
  readonly dataGuards?: "unknown" | "bound";
}

/** Traffic of `nest` through `caches` (innermost first). */
export function trafficOf(nest: Nest, bindings: Bindings, caches: readonly CacheGeometry[], options: TrafficOptions = {}): Traffic {
  const b = withLocals(bindings, nest.locals);
  const vb = options.vectorBytes ?? 16;
  const model = buildModel(vb > 0 ? { ...nest, root: asVectorized(nest.root, b, vb) } : nest, b, options.dataGuards === "bound");
  if (typeof model === "string") return unknownTraffic(caches, model);
  const note = model.notes.length ? model.notes.join("; ") : undefined;
  const levels: LevelTraffic[] = [];
  let last: { misses: number; dirty: number; line: number } | null = null;
  for (const c of caches) {
    const bad = badGeometry(c);
    if (bad) return unknownTraffic(caches, bad);
    const r = model.missesAt(c);
    levels.push({ level: c.level, misses: fig(r.misses, note), bytes: fig(r.misses * c.lineBytes, note) });
    last = { ...r, line: c.lineBytes };
  }
  if (!last) {
    const none: Figure = { expr: null, value: null, reason: "no cache levels given: the traffic model needs a target with caches" };
    return { levels, dramBytes: none, writebackBytes: none, method: TRAFFIC_METHOD };
  }
  return { levels, dramBytes: fig(last.misses * last.line, note), writebackBytes: fig(last.dirty * last.line, note), method: TRAFFIC_METHOD };
}

/**
 * Several nests run one after the other (the nests of one function), as one nest: a loop that
 * runs once around them, so lines one nest leaves in the cache serve the next.
 */
export function inSequence(nests: readonly Nest[]): Nest {
  if (nests.length === 1) return nests[0];
  const first = nests[0].root, lastRoot = nests[nests.length - 1].root;
  const span = { start: first.span.start, end: lastRoot.span.end, line: first.span.line, column: first.span.column };
  const root: Loop = {
    kind: "loop", var: "$sequence", span, header: span, body: nests.map((n) => n.root),
    lower: Poly.ZERO, step: 1n, tripCount: Poly.ONE, headerText: "(nests in sequence)",
  };
  const arrays = new Map(nests.flatMap((n) => [...n.arrays]));
  const locals = new Map(nests.flatMap((n) => [...(n.locals ?? [])]));
  const within = nests.flatMap((n) => [...(n.within ?? [])]);
  return { id: nests.map((n) => n.id).join("+"), function: nests[0].function, root, arrays, locals, ...(within.length ? { within } : {}), ...(nests.every((n) => n.noalias) ? { noalias: true } : {}) };
}

/** The nest as gcc -O2 runs it: loops it vectorises as outer loops strip-mined (see TrafficOptions). */
function asVectorized(l: Loop, b: Bindings, vb: number): Loop {
  const body = l.body.map((n) => (n.kind === "loop" ? asVectorized(n, b, vb) : n));
  const cur: Loop = body.every((n, i) => n === l.body[i]) ? l : { ...l, body };
  const vf = outerVectorFactor(cur, b, vb);
  if (!vf) return cur;
  const inner = cur.body[0] as Loop;
  const strip = `${l.var}$vec`;
  const lanes: Loop = { ...cur, lower: Poly.symbol(strip), step: l.step, tripCount: Poly.constant(vf), body: inner.body, headerText: `${l.headerText} (vector lanes)` };
  const k: Loop = { ...inner, body: [lanes] };
  return { ...cur, var: strip, step: BigInt(vf) * l.step!, tripCount: Poly.constant(Number(l.tripCount!.bind(b).constantValue()!.toNumber() / vf)), body: [k], headerText: `${l.headerText} (vectorised by ${vf})` };
}

function outerVectorFactor(l: Loop, b: Bindings, vb: number): number | null {
  if (l.body.length !== 1 || l.body[0].kind !== "loop" || l.step !== 1n || l.minMax || !l.tripCount) return null;
  const k = l.body[0];
  if (!k.tripCount || !k.lower || k.step === null || k.minMax || k.tripCount.mentions(l.var) || k.lower.mentions(l.var)) return null;
  const T = l.tripCount.bind(b).constantValue();
  if (!T || !T.isInteger()) return null;
  let e: number | null = null, unitAlongL = false, strideAlongK = false;
  for (const n of k.body) {
    if (n.kind !== "stmt" || n.inlined?.length || n.effects?.length || n.scalars.some((x) => x.kind === "write" && !x.owner)) return null;
    for (const a of n.accesses) {
      if (!a.offset || a.elementBytes === null || a.via || !a.info || (a.info.isParameter && !a.info.restrict) || a.conditional) return null;
      if (e !== null && a.elementBytes !== e) return null;
      e = a.elementBytes;
      const off = a.offset.bind(b);
      const cl = off.degreeIn(l.var) === 0 ? 0 : off.degreeIn(l.var) === 1 ? off.coefficientOf(l.var, 1).constantValue()?.toNumber() ?? NaN : NaN;
      const ck = off.degreeIn(k.var) === 0 ? 0 : off.degreeIn(k.var) === 1 ? (off.coefficientOf(k.var, 1).constantValue()?.toNumber() ?? NaN) * Number(k.step) : NaN;
      if (cl !== 0 && cl !== 1) return null;
      // A store the outer loop does not move (C[i][j] += ... in a k loop) carries a dependence.
      if (cl === 0 && a.kind === "write") return null;
      if (Number.isNaN(ck)) return null;
      if (cl === 1) unitAlongL = true;
      if (Math.abs(ck) > 1) strideAlongK = true;
    }
  }
  if (e === null || !unitAlongL || !strideAlongK) return null;
  const vf = vb / e;
  if (!Number.isInteger(vf) || vf < 2 || Number(T.num) % vf !== 0 || Number(T.num) < vf) return null;
  return vf;
}

function fig(v: number, reason?: string): Figure {
  return { expr: null, value: Math.round(v), ...(reason ? { reason } : {}) };
}

function unknownTraffic(caches: readonly CacheGeometry[], reason: string): Traffic {
  const none: Figure = { expr: null, value: null, reason };
  return { levels: caches.map((c) => ({ level: c.level, misses: none, bytes: none })), dramBytes: none, writebackBytes: none, method: TRAFFIC_METHOD };
}

function badGeometry(c: CacheGeometry): string | null {
  const ok = (x: number) => Number.isInteger(x) && x > 0;
  if (!ok(c.sizeBytes) || !ok(c.lineBytes) || !ok(c.ways)) return `cache ${c.level}: size, line and ways must be positive integers`;
  if (c.sizeBytes % (c.lineBytes * c.ways) !== 0) return `cache ${c.level}: size ${c.sizeBytes} is not a multiple of line x ways`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The model: loops and reference groups with numbers, built once per nest.

interface LoopInfo {
  readonly loop: Loop;
  /** Sibling loops with the same variable and bounds share a key (one dimension). */
  readonly key: string;
  readonly parent: LoopInfo | null;
  /** Iterations per run (average over the runs), and the largest. */
  avgTrip: number;
  /** Total iterations over the whole nest. */
  iters: number;
  /** Value range and mean of the variable. */
  lo: number; hi: number; mean: number;
  readonly step: number;
  /** Number of loops around it (its index in the paths of the references under it). */
  readonly path: number;
  /** Groups with a reference under this loop (filled when the groups are built). */
  readonly groups: Set<Group>;
  /** For a trip count that depends on enclosing loops (triangular): the trip with some of
   *  their variables set (the others at their means). */
  readonly tripAt?: (values: ReadonlyMap<string, number>) => number;
  /** The enclosing loops' variables the trip count depends on. */
  readonly dependsOn?: ReadonlySet<string>;
}

interface RefInfo {
  readonly access: Access;
  readonly path: readonly LoopInfo[];
  /** Element offset: coefficient (elements per unit of the loop variable) by loop key, and the constant. */
  readonly coefs: ReadonlyMap<string, number>;
  readonly constant: number;
  /** Constant part of each subscript, when the array's shape is known (for the group's shifts). */
  readonly dimConst: readonly number[] | null;
  /** Elements per step of each subscript (row strides), with dimConst. */
  readonly rowStride: readonly number[] | null;
  /** Affine subscripts bound to numbers (loop variables only), for the hull of a union. */
  readonly subs: readonly Poly[] | null;
  readonly write: boolean;
}

interface Group {
  readonly key: string;
  readonly array: string;
  readonly elementBytes: number;
  readonly coefs: ReadonlyMap<string, number>;
  readonly refs: RefInfo[];
  /** Longest common loop path of the refs (by key). */
  common: LoopInfo[];
  written: boolean;
}

interface Model {
  readonly notes: string[];
  missesAt(c: CacheGeometry): { misses: number; dirty: number };
}

const loopKey = (l: Loop): string =>
  `${l.var}|${l.lower?.key() ?? "?"}|${l.step ?? "?"}|${l.tripCount ? l.tripCount.key() : l.minMax ? `${l.minMax.op}(${l.minMax.args.map((a) => a.key()).join(",")})${l.minMax.relation}` : "?"}`;

function unboundReason(p: Poly, loopVars: ReadonlySet<string>, what: string): string | null {
  const free = [...p.symbols()].filter((s) => !loopVars.has(s));
  if (!free.length) return null;
  return `${what}: unbound symbol${free.length > 1 ? "s" : ""} ${free.join(", ")}: bind with -D NAME=VALUE or a // loopsmith: assume NAME=VALUE comment`;
}

function buildModel(nest: Nest, b: Bindings, dataGuardsBound = false): Model | string {
  if (nest.within?.length) {
    const w = nest.within[nest.within.length - 1];
    return `the nest runs inside a loop whose trip count is not known (line ${w.line}): ${w.reason}`;
  }
  const notes: string[] = [];
  const infos = new Map<Loop, LoopInfo>();
  const domain = new Domain(b);
  // Loops, outer first (walk visits a loop before its body).
  const refsRaw: { access: Access; path: readonly Enclosing[] }[] = [];
  let problem: string | null = null;
  const fail = (r: string) => { problem ??= r; };
  const loopVars = new Set<string>();
  walk([nest.root], [], (n, path) => {
    if (problem) return;
    if (n.kind === "loop") {
      loopVars.add(n.var);
      const parent = [...path].reverse().find((p): p is Loop => p.kind === "loop");
      const r = loopInfo(n, parent ? infos.get(parent)! : null, path, b, domain, loopVars);
      if (typeof r === "string") fail(r); else infos.set(n, r);
      return;
    }
    const accesses = n.kind === "stmt" ? n.accesses : n.kind === "if" ? n.cond.accesses : n.accesses;
    const effects = n.kind === "stmt" ? n.effects : n.kind === "if" ? n.cond.effects : n.effects;
    const hidden = effects?.find((e) => e.touchesArrays);
    if (hidden) return fail(`memory touched inside ${hidden.call}() (line ${hidden.span.line}) is not modelled`);
    if (n.kind === "opaque" && n.accesses.length) return fail(`${n.unknown.what} (line ${n.span.line}): ${n.unknown.reason}`);
    for (const a of accesses) refsRaw.push({ access: a, path });
  }, ALL_CALLS);
  if (problem) return problem;

  const groups = new Map<string, Group>();
  const guardsNoted = new Set<Guard>();
  // A reference under a data-dependent if is the element an unguarded one of the same loops
  // touches (`if (x[i] > m) m = x[i];`): the same line, already brought in, so counted as made.
  const isCovered = coveredByUnguarded(refsRaw);
  for (const raw of refsRaw) {
    const { access: a, path } = raw;
    const loops = path.filter((p): p is Loop => p.kind === "loop").map((l) => infos.get(l)!);
    const covered = isCovered(raw);
    for (const g of path) {
      if (g.kind !== "if") continue;
      if (!g.pred && covered) {
        if (!guardsNoted.has(g)) { guardsNoted.add(g); notes.push(`an upper bound: the references under if (${g.condition.replace(/^\((.*)\)$/s, "$1")}) (line ${g.span.line}) touch elements read unconditionally, and are counted as if it always held`); }
        continue;
      }
      // A reference under a condition on data (an argmax's `bi[c] = r` where a value beats the
      // best): at most the elements it would touch were the condition always true.
      if (!g.pred) {
        if (!dataGuardsBound) return `${a.text} runs only when if (${g.condition}) holds (line ${g.span.line}), which depends on data: ${g.notAffine ?? "not an affine condition"}`;
        if (!guardsNoted.has(g)) { guardsNoted.add(g); notes.push(`an upper bound: the references under if (${g.condition.replace(/^\((.*)\)$/s, "$1")}) (line ${g.span.line}), a condition on data, are counted as if it always held`); }
        continue;
      }
      if (!guardsNoted.has(g)) { guardsNoted.add(g); notes.push(`an upper bound: the references under if (${g.condition.replace(/^\((.*)\)$/s, "$1")}) (line ${g.span.line}) are counted as if it always held`); }
    }
    if (a.conditional) notes.push(`an upper bound: ${a.text} counted as always made (${a.conditional})`);
    const r = refInfo(a, loops, b, loopVars);
    if (typeof r === "string") return r;
    const key = `${a.array}|${a.elementBytes}|${[...r.coefs].filter(([, c]) => c !== 0).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, c]) => `${k}*${c}`).join(";")}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, array: a.array, elementBytes: a.elementBytes!, coefs: r.coefs, refs: [], common: [...loops], written: false }));
    g.refs.push(r);
    g.written ||= r.write;
    let k = 0;
    while (k < g.common.length && k < loops.length && g.common[k].key === loops[k].key) k++;
    g.common = g.common.slice(0, k);
    for (const l of loops) l.groups.add(g);
  }
  return new GroupModel([...infos.values()], [...groups.values()], notes);
}

/** Trip counts, ranges and totals of one loop, given its parent's. */
function loopInfo(l: Loop, parent: LoopInfo | null, path: readonly Enclosing[], b: Bindings, domain: Domain, loopVars: ReadonlySet<string>): LoopInfo | string {
  if (l.lower === null || l.step === null || (!l.tripCount && !l.minMax)) return `${l.headerText} (line ${l.span.line}): ${l.unknown?.reason ?? "loop not understood"}`;
  const lower = l.lower.bind(b);
  const ub = unboundReason(lower, loopVars, `lower bound of ${l.headerText}`);
  if (ub) return ub;
  const step = Number(l.step);
  const outer: LoopInfo[] = [];
  for (let p = parent; p; p = p.parent) outer.unshift(p);
  const byVar = new Map(outer.map((o) => [o.loop.var, o]));
  const at = (p: Poly, pick: (o: LoopInfo, c: number) => number): number | null => {
    // An affine expression of the enclosing loop variables at chosen values.
    let v = p.constantTerm().toNumber();
    for (const s of p.symbols()) {
      const o = byVar.get(s);
      if (!o || p.degreeIn(s) !== 1 || p.mentionsInsideFloor(s)) return null;
      const c = p.coefficientOf(s, 1).constantValue();
      if (!c) return null;
      v += c.toNumber() * pick(o, c.toNumber());
    }
    return v;
  };
  const mean = (p: Poly) => at(p, (o) => o.mean);
  const execs = parent ? parent.iters : 1;
  let avgTrip: number, maxTrip: number;
  let tripAt: LoopInfo["tripAt"], dependsOn: LoopInfo["dependsOn"];
  /** Extremes of the last value of the variable, when known more tightly than lower + the largest trip. */
  let lastRange: [number, number] | null = null;
  if (l.minMax) {
    const mm = l.minMax;
    const args = mm.args.map((x) => x.bind(b));
    for (const x of args) { const u = unboundReason(x, loopVars, `bound of ${l.headerText}`); if (u) return u; }
    const vars = [...new Set([lower, ...args].flatMap((x) => [...x.symbols()]))];
    const loops = vars.map((v) => byVar.get(v));
    if (loops.some((x) => !x)) return `${l.headerText}: a bound depends on something other than the enclosing loops`;
    const fs = [lower, ...args].map((x) => x.compile(vars, new Map()));
    if (fs.some((f) => !f)) return `${l.headerText}: a bound is not affine`;
    const [fl, ...fa] = fs as ((x: readonly number[]) => number)[];
    const trip = (x: readonly number[]) => tripNumber(fl(x), (mm.op === "min" ? Math.min : Math.max)(...fa.map((f) => f(x))), mm.relation, step);
    // Enumerate the values of the loops the bound depends on (tile loops: a few hundred).
    const ranges = (loops as LoopInfo[]).map((o) => ({ lo: o.lo, step: o.step, n: Math.max(0, Math.round(o.avgTrip)) }));
    const points = ranges.reduce((p, r) => p * Math.max(1, r.n), 1);
    if (points > 200_000) {
      const x = (loops as LoopInfo[]).map((o) => o.mean);
      avgTrip = maxTrip = trip(x);
    } else {
      let sum = 0, count = 0, max = 0, lastLo = Infinity, lastHi = -Infinity;
      const x = new Array<number>(ranges.length).fill(0);
      const rec = (k: number) => {
        if (k === ranges.length) {
          const t = trip(x); sum += t; count++; max = Math.max(max, t);
          if (t > 0) { const v = fl(x) + step * (t - 1); lastLo = Math.min(lastLo, v); lastHi = Math.max(lastHi, v); }
          return;
        }
        for (let i = 0; i < ranges[k].n; i++) { x[k] = ranges[k].lo + ranges[k].step * i; rec(k + 1); }
      };
      rec(0);
      avgTrip = count ? sum / count : 0;
      maxTrip = max;
      if (lastLo <= lastHi) lastRange = [lastLo, lastHi];
    }
  } else {
    const t = l.tripCount!.bind(b);
    const u = unboundReason(t, loopVars, `trip count of ${l.headerText}`);
    if (u) return u;
    const c = t.constantValue();
    if (c) avgTrip = maxTrip = Math.max(0, c.toNumber());
    else {
      // A trip count depending on outer loops (triangular): exact total from the closed form.
      const inPath = [...path, l];
      const direct = !inPath.some((p) => p.kind === "if" || (p.kind === "loop" && p.minMax));
      const total = direct ? domain.executions(inPath).poly?.evaluate(b)?.toNumber() : undefined;
      const m = mean(t);
      if (m === null) return `trip count of ${l.headerText} is not affine in the enclosing loops`;
      avgTrip = total !== undefined && execs > 0 ? total / execs : Math.max(0, m);
      maxTrip = Math.max(0, at(t, (o, k) => (k > 0 ? o.hi : o.lo)) ?? m);
      tripAt = (values) => Math.max(0, at(t, (o) => values.get(o.loop.var) ?? o.mean) ?? m);
      dependsOn = new Set([...t.symbols()]);
      const last = lower.add(t.sub(Poly.ONE).scale(Rational.of(l.step)));
      const a = at(last, (o, k) => (k > 0 ? o.lo : o.hi)), z = at(last, (o, k) => (k > 0 ? o.hi : o.lo));
      if (a !== null && z !== null) lastRange = [Math.min(a, z), Math.max(a, z)];
    }
  }
  const lo0 = at(lower, (o, k) => (k > 0 ? o.lo : o.hi));
  const hi0 = at(lower, (o, k) => (k > 0 ? o.hi : o.lo));
  const m0 = mean(lower);
  if (lo0 === null || hi0 === null || m0 === null) return `lower bound of ${l.headerText} is not affine in the enclosing loops`;
  const span = step * Math.max(0, maxTrip - 1);
  const info: LoopInfo = {
    loop: l, key: loopKey(l), parent, avgTrip, iters: execs * avgTrip, step, path: outer.length,
    lo: lastRange ? Math.min(lo0, lastRange[0]) : Math.min(lo0, lo0 + span), hi: lastRange ? Math.max(hi0, lastRange[1]) : Math.max(hi0, hi0 + span), mean: m0 + (step * Math.max(0, avgTrip - 1)) / 2,
    groups: new Set(),
    ...(tripAt ? { tripAt, dependsOn } : {}),
  };
  return info;
}

/** Iterations of `for (v = L; v REL U; v += s)` for numbers (0 when the range is empty). */
function tripNumber(L: number, U: number, rel: string, s: number): number {
  const d = s > 0 ? U - L : L - U, m = Math.abs(s);
  const t = rel === "<" || rel === ">" ? Math.ceil(d / m) : rel === "<=" || rel === ">=" ? Math.floor(d / m) + 1 : d % m === 0 ? d / m : 0;
  return Math.max(0, t);
}

function refInfo(a: Access, loops: readonly LoopInfo[], b: Bindings, loopVars: ReadonlySet<string>): RefInfo | string {
  if (a.offset === null) return `${a.text} (line ${a.span.line}): ${a.reason ?? "its address is not an affine function of the loop variables"}`;
  if (a.elementBytes === null) return `${a.text} (line ${a.span.line}): element size unknown`;
  let off = a.offset.bind(b);
  const ub = unboundReason(off, loopVars, a.text);
  if (ub) return ub;
  const byVar = new Map(loops.map((l) => [l.loop.var, l]));
  for (const s of off.symbols()) {
    if (!byVar.has(s)) return `${a.text}: uses ${s} outside its loop`;
    if (off.degreeIn(s) !== 1 || off.mentionsInsideFloor(s)) return `${a.text} (line ${a.span.line}) is not affine in ${s}`;
  }
  // In iteration counters: var = lower + step*t, innermost first (a tile's point loop starts
  // at its tile variable, a triangular loop at an outer variable).
  const counter = (l: LoopInfo) => `$t:${loops.indexOf(l)}`;
  for (let i = loops.length - 1; i >= 0; i--) {
    const l = loops[i];
    if (!off.mentions(l.loop.var)) continue;
    off = off.substitute(l.loop.var, l.loop.lower!.bind(b).add(Poly.symbol(counter(l)).scale(Rational.of(l.loop.step!))));
  }
  const coefs = new Map<string, number>();
  for (const s of off.symbols()) {
    const idx = s.startsWith("$t:") ? Number(s.slice(3)) : -1;
    if (idx < 0) return `${a.text}: uses ${s} outside its loop`;
    if (off.degreeIn(s) !== 1 || off.mentionsInsideFloor(s)) return `${a.text} (line ${a.span.line}) is not affine in ${loops[idx].loop.var}`;
    const c = off.coefficientOf(s, 1).constantValue();
    if (!c) return `${a.text} (line ${a.span.line}): a product of loop variables`;
    coefs.set(loops[idx].key, (coefs.get(loops[idx].key) ?? 0) + c.toNumber());
  }
  const constant = off.constantTerm().toNumber();
  // Per-subscript constants for the group's shifts, when the shape is plain.
  let dimConst: number[] | null = null, rowStride: number[] | null = null, subs: Poly[] | null = null;
  const dims = a.info?.dims;
  if (!a.via && dims && dims.length === a.subscripts.length && dims.length > 0 && a.subscripts.every((s) => s)) {
    const ds = dims.map((d, i) => (i === 0 ? 1 : d ? d.evaluate(b)?.toNumber() ?? null : null));
    const ss = a.subscripts.map((s) => s!.bind(b));
    if (ds.every((d) => d !== null) && ss.every((s) => [...s.symbols()].every((x) => byVar.has(x)))) {
      const rs: number[] = new Array(ds.length).fill(1);
      for (let i = ds.length - 2; i >= 0; i--) rs[i] = rs[i + 1] * (ds[i + 1] as number);
      rowStride = rs;
      subs = ss;
      dimConst = ss.map((s) => s.constantTerm().toNumber());
    }
  }
  return { access: a, path: loops, coefs, constant, dimConst, rowStride, subs, write: a.kind === "write" };
}

// ---------------------------------------------------------------------------------------------
// Lines of a box of strides.

interface Dim { readonly s: number; readonly n: number }
interface Lines {
  readonly lines: number; readonly sets: number; readonly array?: string;
  /** The group's subscripts without the array (y1[i][j] and imgOut[i][j] share one). */
  readonly pattern?: string;
  /** Every line of its span is touched (a contiguous block), so it fills the sets evenly. */
  readonly dense?: boolean;
}

const gcd = (a: number, b: number): number => { a = Math.abs(a); b = Math.abs(b); while (b) [a, b] = [b, a % b]; return a; };
const linesIn = (r: number, span: number, L: number): number => Math.floor((r + span - 1) / L) - Math.floor(r / L) + 1;

/**
 * Distinct lines (and sets, of S) touched by the addresses r0 + sum(k_d * s_d), k_d < n_d, of
 * elements of `e` bytes, r0 the start within a line. Exact for dense spans and for copies of a
 * dense span (at their alignments); copies of copies are counted as disjoint.
 */
function boxLines(dims: readonly Dim[], e: number, L: number, r0: number, S: number): Lines {
  const ds = dims.filter((d) => d.n > 1 && d.s !== 0).map((d) => ({ s: Math.abs(d.s), n: d.n })).sort((x, y) => x.s - y.s);
  let dense = true, span = e, lines = 1, sets = 1;
  for (const { s, n } of ds) {
    if (dense && s - span < L) {
      span += s * (n - 1);
      lines = linesIn(r0, span, L);
      sets = Math.min(S, lines);
      continue;
    }
    const whole = Math.floor(n);
    if (dense) {
      // Copies of a dense span: each at its own alignment; the residues repeat with period p.
      const sm = ((s % L) + L) % L;
      const p = sm === 0 ? 1 : L / gcd(sm, L);
      let period = 0;
      for (let k = 0; k < p; k++) period += linesIn((r0 + k * sm) % L, span, L);
      let rest = 0;
      for (let k = 0; k < whole % p; k++) rest += linesIn((r0 + k * sm) % L, span, L);
      const frac = n - whole;
      lines = Math.floor(whole / p) * period + rest + frac * (period / p);
    } else {
      lines = Math.min(lines * n, s < span ? linesIn(r0, span + s * (n - 1), L) : Infinity);
    }
    // Sets: line-multiple strides revisit S/gcd(stride in lines, S) sets only.
    if (s % L === 0) {
      // The copies start k*step sets apart (mod S): a progression that wraps onto the
      // multiples of gcd(step, S); each covers `sets` consecutive sets.
      const step = (s / L) % S;
      const spacing = step === 0 ? S : gcd(step, S);
      const period = S / spacing;
      const count = Math.min(n, period);
      const gap = n >= period ? spacing : n * step > S ? Math.max(spacing, S / n) : step;
      sets = Math.min(S, (count - 1) * Math.min(sets, gap) + sets);
    } else sets = Math.min(S, lines);
    span += s * (n - 1);
    dense = false;
  }
  return { lines, sets: Math.max(1, Math.min(sets, lines)), dense: dense || linesIn(r0, span, L) <= lines * 1.05 };
}

// ---------------------------------------------------------------------------------------------

class GroupModel implements Model {
  constructor(private readonly loops: readonly LoopInfo[], private readonly groups: readonly Group[], readonly notes: string[]) {}

  /** Representative loop of each key (the first seen), for trip counts. */
  private readonly byKey = new Map<string, LoopInfo>();
  private rep(l: LoopInfo): LoopInfo { let r = this.byKey.get(l.key); if (!r) this.byKey.set(l.key, (r = l)); return r; }

  /**
   * Lines (and sets) the refs of group g touch with the loops of each ref's path down to
   * fixedCount(r) fixed (their alignment within a line averaged over their values) and the
   * loops below varying: one iteration of the loop at that depth.
   */
  private linesBelow(g: Group, refs: readonly RefInfo[], fixedCount: (r: RefInfo) => number, c: CacheGeometry, trips?: ReadonlyMap<string, number>): Lines {
    // Memoised per cache (missesAt clears it): the recursion asks for the same sets often.
    const key = trips ? null : `${this.idsOf(refs)}@${refs.map(fixedCount).join(",")}`;
    if (key !== null) { const hit = this.linesMemo.get(key); if (hit) return hit; }
    const x = this.computeLinesBelow(g, refs, fixedCount, c, trips);
    if (key !== null) this.linesMemo.set(key, x);
    return x;
  }

  private readonly linesMemo = new Map<string, Lines>();
  private readonly hullMemo = new Map<string, number | null>();
  private refIds?: Map<RefInfo, number>;
  private idsOf(refs: readonly RefInfo[]): string {
    this.refIds ??= new Map(this.groups.flatMap((g) => g.refs).map((r, i) => [r, i] as const));
    return refs.map((r) => this.refIds!.get(r)).join(",");
  }

  private computeLinesBelow(g: Group, refs: readonly RefInfo[], fixedCount: (r: RefInfo) => number, c: CacheGeometry, trips?: ReadonlyMap<string, number>): Lines {
    const L = c.lineBytes, S = c.sizeBytes / (L * c.ways), e = g.elementBytes;
    const free = new Map<string, LoopInfo>();
    const fixed = new Map<string, LoopInfo>();
    for (const r of refs) {
      const k = fixedCount(r);
      r.path.forEach((l, i) => (i >= k ? free : fixed).set(l.key, this.rep(l)));
    }
    const dims: Dim[] = [];
    for (const [k, l] of free) { const a = g.coefs.get(k) ?? 0; if (a !== 0 && !fixed.has(k)) dims.push({ s: a * e, n: trips?.get(k) ?? l.avgTrip }); }
    // The group's shifts (A[i-1][j], A[i+1][j]): one more dimension per subscript.
    let base = 0;
    const r0 = refs[0];
    if (refs.every((r) => r.dimConst && r.rowStride)) {
      for (let d = 0; d < r0.dimConst!.length; d++) {
        const cs = [...new Set(refs.map((r) => r.dimConst![d]))].sort((x, y) => x - y);
        base += cs[0] * r0.rowStride![d];
        if (cs.length > 1) { const step = cs.slice(1).reduce((q, x) => gcd(q, x - cs[0]), 0); dims.push({ s: step * r0.rowStride![d] * e, n: (cs[cs.length - 1] - cs[0]) / step + 1 }); }
      }
    } else {
      const cs = [...new Set(refs.map((r) => r.constant))].sort((x, y) => x - y);
      base = cs[0];
      if (cs.length > 1) { const step = cs.slice(1).reduce((q, x) => gcd(q, x - cs[0]), 0); dims.push({ s: step * e, n: (cs[cs.length - 1] - cs[0]) / step + 1 }); }
    }
    // Negative strides start the box lower.
    for (const d of dims) if (d.s < 0) base += (d.s / e) * (d.n - 1);
    // Alignment within a line: the fixed loops move the start by multiples of q bytes.
    let q = L;
    for (const [k, l] of fixed) { const a = g.coefs.get(k) ?? 0; if (a !== 0) q = gcd(q, Math.round(a * e)); }
    const start = ((Math.round(base * e) % L) + L) % L;
    let x: Lines;
    if (q >= L) x = boxLines(dims, e, L, start, S);
    else {
      let lines = 0, sets = 0, n = 0;
      let dense = true;
      for (let r = start % q; r < L; r += q, n++) { const y = boxLines(dims, e, L, r, S); lines += y.lines; sets += y.sets; dense &&= !!y.dense; }
      x = { lines: lines / n, sets: sets / n, dense };
    }
    // Never more than the lines of the bounding box of its subscripts (a skewed box, A[j][i]
    // with j >= i, is counted as disjoint copies above).
    const k = fixedCount(refs[0]);
    if (refs.every((r) => fixedCount(r) === k)) {
      const h = this.hullLines(refs, k, c);
      if (h !== null && h < x.lines) x = { lines: h, sets: Math.min(x.sets, h), dense: x.dense };
    }
    return x;
  }

  private readonly keptMemo = new Map<LoopInfo, number>();

  /**
   * The fraction of the reuse carried by `l` that survives: 1 when one iteration of l fits,
   * 0 when it is more than a line per set beyond the ways, and in between the share of lines
   * in sets that still hold their load (LRU keeps a cyclic reuse in a set iff it fits in the
   * ways; a spread footprint loads the sets evenly). A loop whose inner trip counts depend on
   * its variable (triangular) is sampled over its range.
   */
  private kept(l: LoopInfo, c: CacheGeometry): number {
    const hit = this.keptMemo.get(l);
    if (hit !== undefined) return hit;
    // Inner trip counts that vary with this loop or an enclosing one (triangles): sample them
    // along their range (the enclosing variables together, from their lowest to their highest).
    const around = new Set<string>();
    for (let p: LoopInfo | null = l; p; p = p.parent) around.add(p.loop.var);
    const inner = this.loops.filter((o) => o.tripAt && this.below(o, l) && [...o.dependsOn!].some((v) => around.has(v)));
    let r: number;
    if (!inner.length) r = this.keptWith(l, c);
    else {
      const SAMPLES = 8;
      const vars = [...new Set(inner.flatMap((o) => [...o.dependsOn!].filter((v) => around.has(v))))];
      const info = vars.map((v) => { let p: LoopInfo | null = l; while (p && p.loop.var !== v) p = p.parent; return p!; });
      // Weighted by the footprint: the iterations that lose their reuse are the larger ones.
      const sample = (i: number) => {
        const v = new Map(info.map((o) => [o.loop.var, o.lo + ((o.hi - o.lo) * (i + 0.5)) / SAMPLES] as const));
        const trips = new Map(inner.map((o) => [o.key, o.tripAt!(v)]));
        const items = this.load(l, l.path + 1, c, trips);
        return { w: items.reduce((x, y) => x + y.lines, 0), k: this.keptFor(items, c) };
      };
      // Both ends and the middle alike (all fit, or none): the rest is taken to be alike too.
      const probe = [0, SAMPLES >> 1, SAMPLES - 1].map(sample);
      if (probe.every((p) => p.k === probe[0].k) && (probe[0].k === 1 || probe[0].k === 0)) r = probe[0].k;
      else {
        let kept = 0, weight = 0;
        for (let i = 0; i < SAMPLES; i++) { const p = i === 0 ? probe[0] : i === SAMPLES >> 1 ? probe[1] : i === SAMPLES - 1 ? probe[2] : sample(i); kept += p.w * p.k; weight += p.w; }
        r = weight > 0 ? kept / weight : 1;
      }
    }
    this.keptMemo.set(l, r);
    return r;
  }

  private below(o: LoopInfo, l: LoopInfo): boolean { for (let p = o.parent; p; p = p.parent) if (p === l) return true; return false; }

  private keptWith(l: LoopInfo, c: CacheGeometry, trips?: ReadonlyMap<string, number>): number {
    return this.keptFor(this.load(l, l.path + 1, c, trips), c);
  }

  /** Lines of every array under `l` in one run of it (l varies). */
  private runLoad(l: LoopInfo, c: CacheGeometry): Lines[] {
    return this.load(l, l.path, c);
  }

  /**
   * Lines of each array under `l`, with the loops down to depth `fixed` fixed: a group's own
   * lines and sets; several groups of one array (sibling loops over the same data) count once,
   * capped by their hull.
   */
  private load(l: LoopInfo, fixed: number, c: CacheGeometry, trips?: ReadonlyMap<string, number>): Lines[] {
    const S = c.sizeBytes / (c.lineBytes * c.ways);
    const byArray = new Map<string, Group[]>();
    for (const g of l.groups) byArray.set(g.array, [...(byArray.get(g.array) ?? []), g]);
    const out: Lines[] = [];
    for (const gs of byArray.values()) {
      const each = gs.map((g) => {
        const rs = g.refs.filter((r) => r.path.includes(l));
        const pattern = `${g.key.slice(g.array.length)}|${[...new Set(rs.map((r) => r.dimConst?.join(",") ?? String(r.constant)))].sort().join(";")}`;
        return { ...this.linesBelow(g, rs, () => fixed, c, trips), array: g.array, pattern };
      });
      if (each.length === 1) { out.push(each[0]); continue; }
      const sum = each.reduce((x, y) => x + y.lines, 0);
      const h = this.unionCap(gs.map((g) => g.refs.filter((r) => r.path.includes(l))), each.map((x) => x.lines), fixed, c);
      if (h === null || sum <= h) out.push(...each);
      else out.push({ lines: h, sets: Math.min(S, h), array: gs[0].array, dense: each.every((x) => x.dense) });
    }
    return out;
  }

  /**
   * The share of lines that survive a reuse whose distance is the given footprint. Lines per
   * set, as a distribution over the sets: each group loads the sets it maps to evenly (floor
   * or ceiling of its lines per set), the groups independently of each other; a set whose
   * load exceeds the ways keeps nothing (LRU under a cyclic reuse).
   */
  private keptFor(items: readonly Lines[], c: CacheGeometry): number {
    const S = c.sizeBytes / (c.lineBytes * c.ways), w = c.ways;
    // A way to spare even in the most loaded sets: everything survives (spread footprints load
    // the sets evenly, not at random). Nearer the ways, the groups' uneven shares count.
    let worst = 0;
    for (const x of items) if (x.lines > 0) worst += x.sets >= Math.min(S, x.lines) - 1e-9 ? x.lines / S : x.lines / x.sets;
    if (worst <= w - 1 + 1e-9) return 1;
    // Concentrated footprints of the same subscripts in different arrays (equal columns of
    // arrays aligned to large powers of two, as allocators and PolyBench align them) land on
    // the same sets: they add up.
    // Two groups of one array (data[k][i], data[k][j]) sit at varying offsets: independent.
    const merged: Lines[] = [];
    const bySets = new Map<string, { lines: number; sets: number; arrays: Set<string> }>();
    for (const [i, x] of items.entries()) {
      if (x.lines <= 0) continue;
      const k = `${Math.round(x.sets)}|${x.pattern ?? `#${i}`}`;
      const b = bySets.get(k);
      if (x.sets >= Math.min(S, x.lines) - 1e-9 || (b && x.array !== undefined && b.arrays.has(x.array))) merged.push(x);
      else if (b) { b.lines += x.lines; if (x.array !== undefined) b.arrays.add(x.array); }
      else bySets.set(k, { lines: x.lines, sets: x.sets, arrays: new Set(x.array !== undefined ? [x.array] : []) });
    }
    for (const b of bySets.values()) merged.push({ lines: b.lines, sets: b.sets });
    // Contiguous footprints of a full round of the sets or more fill them evenly, together
    // (their remainders are not placed at random); columns and smaller blocks land on some
    // sets, independently.
    const big = merged.filter((x) => x.dense && x.sets >= S - 1e-9);
    if (big.length > 1) {
      const lines = big.reduce((a, x) => a + x.lines, 0);
      merged.splice(0, merged.length, ...merged.filter((x) => !big.includes(x)), { lines, sets: S });
    }
    let dist = [1];
    let mean = 0;
    for (const x of merged) {
      if (x.lines <= 0) continue;
      const spread = x.sets >= Math.min(S, x.lines) - 1e-9;
      const share = spread ? 1 : x.sets / S;
      const per = spread ? x.lines / S : x.lines / x.sets;
      mean += x.lines / S;
      if (mean > 2 * (w + 1)) return 0;
      const lo = Math.floor(per), p = per - lo;
      const comp = new Map<number, number>();
      const add = (k: number, q: number) => { if (q > 0) comp.set(Math.min(k, w + 1), (comp.get(Math.min(k, w + 1)) ?? 0) + q); };
      add(0, 1 - share); add(lo, share * (1 - p)); add(lo + 1, share * p);
      const next = new Array<number>(w + 2).fill(0);
      dist.forEach((q, a) => { for (const [k, r] of comp) next[Math.min(a + k, w + 1)] += q * r; });
      dist = next;
    }
    if (mean <= 0) return 1;
    let keptLines = 0;
    for (let k = 1; k <= w && k < dist.length; k++) keptLines += k * dist[k];
    return Math.min(1, keptLines / mean);
  }

  missesAt(c: CacheGeometry): { misses: number; dirty: number } {
    this.keptMemo.clear();
    this.linesMemo.clear();
    this.hullMemo.clear();
    const byArray = new Map<string, RefInfo[]>();
    for (const g of this.groups) for (const r of g.refs) byArray.set(g.array, [...(byArray.get(g.array) ?? []), r]);
    let misses = 0, dirty = 0;
    for (const refs of byArray.values()) {
      const m = this.whole(refs, c);
      misses += m;
      const writes = refs.filter((r) => r.write);
      // Dirty: the misses of the lines the writes touch (their share of the array's lines).
      if (writes.length) dirty += writes.length === refs.length ? m : m * Math.min(1, this.lines(writes, 0, c) / Math.max(1, this.lines(refs, 0, c)));
    }
    return { misses, dirty };
  }

  /** Misses of refs (one array) over the whole nest. */
  private whole(refs: readonly RefInfo[], c: CacheGeometry): number {
    const root = refs[0].path[0];
    return this.combine(root.avgTrip * this.perIteration(refs, 1, c), this.lines(refs, 0, c), this.kept(root, c));
  }

  /** A run of a loop: no reuse across its iterations costs `none`, full reuse its distinct lines. */
  private combine(none: number, all: number, kept: number): number {
    return Math.max(all, none - kept * (none - all));
  }

  /**
   * Misses of refs (one array, sharing the loops path[0..d-1]) during one iteration of
   * path[d-1]: down the loops they all share, then split among the parts of that loop's body
   * (sibling loops and statements) in order; a part reuses the lines of the part before it
   * when the data touched in between (the earlier part's run and one iteration of the
   * later) still fits.
   */
  private perIteration(refs: readonly RefInfo[], d: number, c: CacheGeometry): number {
    let e = d;
    const p0 = refs[0].path;
    while (e < p0.length && refs.every((r) => r.path[e] === p0[e])) e++;
    // Per iteration of path[e-1]: the parts of its body.
    const parts = new Map<LoopInfo | null, RefInfo[]>();
    for (const r of [...refs].sort((x, y) => x.access.span.start - y.access.span.start)) {
      const k = r.path.length > e ? r.path[e] : null;
      parts.set(k, [...(parts.get(k) ?? []), r]);
    }
    const list = [...parts].sort((x, y) => x[1][0].access.span.start - y[1][0].access.span.start);
    let x = 0;
    const runs: number[] = [];
    for (const [loop, rs] of list) {
      const m = loop ? this.combine(loop.avgTrip * this.perIteration(rs, e + 1, c), this.lines(rs, e, c), this.kept(loop, c)) : this.lines(rs, e, c);
      runs.push(m);
      x += m;
    }
    for (let i = 1; i < list.length; i++) {
      const [la, a] = list[i - 1], [lb, b] = list[i];
      const overlap = this.lines(a, e, c) + this.lines(b, e, c) - this.lines([...a, ...b], e, c);
      if (overlap <= 0) continue;
      const between = [...(la ? this.runLoad(la, c) : []), ...(lb ? this.load(lb, lb.path + 1, c) : [])];
      x -= Math.min(overlap, runs[i]) * this.keptFor(between, c);
    }
    // Back up the loops they all share.
    for (let j = e - 1; j >= d; j--) x = this.combine(p0[j].avgTrip * x, this.lines(refs, j, c), this.kept(p0[j], c));
    return x;
  }

  /** Distinct lines of refs (one array) with the loops path[0..fixed-1] fixed: per group, capped by their hull. */
  private lines(refs: readonly RefInfo[], fixed: number, c: CacheGeometry): number {
    const byGroup = new Map<Group, RefInfo[]>();
    for (const r of refs) { const g = this.groupOf.get(r)!; byGroup.set(g, [...(byGroup.get(g) ?? []), r]); }
    const parts = [...byGroup].map(([g, rs]) => ({ rs, lines: this.linesBelow(g, rs, () => fixed, c).lines }));
    let sum = parts.reduce((x, p) => x + p.lines, 0);
    if (parts.length > 1) { const h = this.unionCap(parts.map((p) => p.rs), parts.map((p) => p.lines), fixed, c); if (h !== null) sum = Math.min(sum, h); }
    return sum;
  }

  /**
   * Lines of the union of several groups of one array, at most: their common bounding box,
   * filled as densely as the densest group fills its own box (triangles stay triangles:
   * A[i][j], A[i][k], A[j][k] with k < j < i cover a triangle, not the square).
   */
  private unionCap(sets: readonly (readonly RefInfo[])[], lines: readonly number[], fixed: number, c: CacheGeometry): number | null {
    const h = this.hullLines(sets.flat(), fixed, c);
    if (h === null) return null;
    let fill = 0;
    sets.forEach((rs, i) => { const own = this.hullLines(rs, fixed, c); fill = Math.max(fill, own ? Math.min(1, lines[i] / own) : 1); });
    // Triangles on opposite sides of the diagonal (cov[i][j] and cov[j][i], j >= i) fill the box.
    const side = sets.map((rs) => {
      const r = rs[0];
      if (!r.subs || r.subs.length < 2) return 0;
      const mean = (p: Poly) => { let v = p.constantTerm().toNumber(); for (const x of p.symbols()) { const l = r.path.find((q) => q.loop.var === x); if (!l) return NaN; v += p.coefficientOf(x, 1).constantValue()!.toNumber() * l.mean; } return v; };
      const d = mean(r.subs[0]) - mean(r.subs[1]);
      return Number.isNaN(d) ? 0 : Math.sign(Math.round(d));
    });
    if (side.some((x) => x > 0) && side.some((x) => x < 0)) fill = 1;
    return Math.max(Math.max(...lines), h * fill);
  }

  private groupMap?: Map<RefInfo, Group>;
  private get groupOf(): Map<RefInfo, Group> { return (this.groupMap ??= new Map(this.groups.flatMap((g) => g.refs.map((r) => [r, g] as const)))); }

  /** Lines of the bounding box of refs (one array) over one iteration of `within`. */
  private hullLines(refs: readonly RefInfo[], fixed: number, c: CacheGeometry): number | null {
    const key = `${this.idsOf(refs)}@${fixed}`;
    if (this.hullMemo.has(key)) return this.hullMemo.get(key)!;
    const h = this.computeHull(refs, fixed, c);
    this.hullMemo.set(key, h);
    return h;
  }

  private computeHull(refs: readonly RefInfo[], fixed: number, c: CacheGeometry): number | null {
    const r0 = refs[0];
    const e = r0.access.elementBytes!, L = c.lineBytes, S = c.sizeBytes / (L * c.ways);
    const range = (p: Poly, r: RefInfo): [number, number] | null => {
      const k = fixed - 1;
      let lo = p.constantTerm().toNumber(), hi = lo;
      for (const s of p.symbols()) {
        const i = r.path.findIndex((l) => l.loop.var === s);
        if (i < 0) return null;
        const l = r.path[i];
        const a = p.coefficientOf(s, 1).constantValue()!.toNumber();
        if (i <= k) { lo += a * l.mean; hi += a * l.mean; }
        else { lo += Math.min(a * l.lo, a * l.hi); hi += Math.max(a * l.lo, a * l.hi); }
      }
      return [lo, hi];
    };
    if (refs.every((r) => r.subs && r.rowStride && r.subs.length === r0.subs!.length)) {
      const dims: Dim[] = [];
      let base = 0;
      for (let d = 0; d < r0.subs!.length; d++) {
        let lo = Infinity, hi = -Infinity;
        for (const r of refs) { const x = range(r.subs![d], r); if (!x) return null; lo = Math.min(lo, x[0]); hi = Math.max(hi, x[1]); }
        lo = Math.round(lo); hi = Math.round(hi);
        base += lo * r0.rowStride![d];
        dims.push({ s: r0.rowStride![d] * e, n: hi - lo + 1 });
      }
      return boxLines(dims, e, L, ((Math.round(base * e) % L) + L) % L, S).lines;
    }
    return null;
  }
}



