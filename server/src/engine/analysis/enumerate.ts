// Exact counting by enumeration, for domains with no closed form here (a triangular loop
// whose variable appears in a union of references, a floor of a loop variable). Used only
// when every symbol is bound and the domain is small; the result is exact, never sampled.

import type { Bindings } from "../symbolic/poly";
import type { Guard, Loop, Pred } from "../ir/types";
import type { Ref } from "./footprint";
import type { Enclosing } from "./domain";

export const ENUMERATION_LIMIT = 20_000;
/** Counting points (no set of elements to keep) is cheaper: a larger budget. */
export const COUNT_LIMIT = 1_000_000;

interface Compiled { lower: (x: readonly number[]) => number; trip: (x: readonly number[]) => number; step: number }

/** Iterations of `for (v = L; v REL U; v += s)` for numbers (0 when the range is empty). */
function tripNumber(L: number, U: number, rel: string, s: number): number {
  const d = s > 0 ? U - L : L - U, m = Math.abs(s);
  const t = rel === "<" || rel === ">" ? Math.ceil(d / m) : rel === "<=" || rel === ">=" ? Math.floor(d / m) + 1 : d % m === 0 ? d / m : NaN;
  return Number.isNaN(t) ? NaN : Math.max(0, t);
}

function compileLoops(loops: readonly Loop[], b: Bindings): Compiled[] | string {
  const vars = loops.map((l) => l.var);
  const out: Compiled[] = [];
  for (const l of loops) {
    if (l.minMax && l.lower && l.step !== null) {
      const lower = l.lower.compile(vars, b);
      const args = l.minMax.args.map((a) => a.compile(vars, b));
      if (!lower || args.some((a) => !a)) return "a symbol is unbound";
      const fs = args as ((x: readonly number[]) => number)[];
      const pick = l.minMax.op === "min" ? Math.min : Math.max;
      const rel = l.minMax.relation, s = Number(l.step);
      out.push({ lower, trip: (x) => tripNumber(lower(x), pick(...fs.map((f) => f(x))), rel, s), step: s });
      continue;
    }
    if (!l.lower || !l.tripCount || l.step === null) return l.unknown?.reason ?? "loop not understood";
    const lower = l.lower.compile(vars, b), trip = l.tripCount.compile(vars, b);
    if (!lower || !trip) return "a symbol is unbound";
    out.push({ lower, trip, step: Number(l.step) });
  }
  return out;
}

type Test = (x: readonly number[]) => boolean;

/** An affine predicate as a numeric test over the loop variables; null when a symbol is unbound. */
function compilePred(p: Pred, vars: readonly string[], b: Bindings): Test | null {
  if ("args" in p) {
    const parts = p.args.map((a) => compilePred(a, vars, b));
    if (parts.some((t) => !t)) return null;
    const ts = parts as Test[];
    return p.op === "&&" ? (x) => ts.every((t) => t(x)) : (x) => ts.some((t) => t(x));
  }
  if ("arg" in p) { const t = compilePred(p.arg, vars, b); return t ? (x) => !t(x) : null; }
  const d = p.lhs.sub(p.rhs).compile(vars, b);
  if (!d) return null;
  switch (p.op) {
    case "<": return (x) => d(x) < 0;
    case "<=": return (x) => d(x) <= 0;
    case ">": return (x) => d(x) > 0;
    case ">=": return (x) => d(x) >= 0;
    case "==": return (x) => d(x) === 0;
    case "!=": return (x) => d(x) !== 0;
  }
}

function guardsOf(path: readonly Enclosing[], vars: readonly string[], b: Bindings): Test[] | string {
  const out: Test[] = [];
  for (const g of path.filter((p): p is Guard => p.kind === "if")) {
    if (!g.pred) return `if (${g.condition}) depends on data`;
    const t = compilePred(g.pred, vars, b);
    if (!t) return "a symbol in a guard is unbound";
    out.push(t);
  }
  return out;
}

/** Whether loop `l`'s bounds mention variable `v`. */
const boundsMention = (l: Loop, v: string): boolean => !!(l.lower?.mentions(v) || l.tripCount?.mentions(v) || l.minMax?.args.some((a) => a.mentions(v)));

/**
 * The loops split into groups whose bounds mention only loops of their own group (outer
 * first within each): a tiled band is one group per tiled dimension (`i_t` with `i`), so the
 * count is the product of the groups' counts, each a walk of one dimension (4096 points of a
 * 1024^3 matmul tiled by 32, instead of 2^30).
 */
function independentGroups(loops: readonly Loop[]): Loop[][] {
  const group = loops.map((_, i) => i);
  const find = (i: number): number => (group[i] === i ? i : (group[i] = find(group[i])));
  loops.forEach((l, i) => loops.forEach((o, j) => { if (j < i && boundsMention(l, o.var)) group[find(i)] = find(j); }));
  const out = new Map<number, Loop[]>();
  loops.forEach((l, i) => { const g = find(i); out.set(g, [...(out.get(g) ?? []), l]); });
  return [...out.values()];
}

/** Number of points of a path's loops where all its guards hold (exact; bounded work). */
export function countPoints(path: readonly Enclosing[], b: Bindings, limit = COUNT_LIMIT): number | string {
  const loops = path.filter((p): p is Loop => p.kind === "loop");
  // Without guards, independent groups of loops count separately (a product of counts).
  if (loops.length === path.length && loops.length > 1) {
    const groups = independentGroups(loops);
    if (groups.length > 1) {
      let n = 1;
      for (const g of groups) {
        const k = countPoints(g, b, limit);
        if (typeof k === "string") return k;
        n *= k;
      }
      return n;
    }
  }
  const c = compileLoops(loops, b);
  if (typeof c === "string") return c;
  const tests = guardsOf(path, loops.map((l) => l.var), b);
  if (typeof tests === "string") return tests;
  let n = 0;
  // Without guards the innermost loop need not be walked: add its trip count per outer point.
  const ok = tests.length === 0 && c.length > 0
    ? forEachPoint(c.slice(0, -1), limit, (x) => { n += Math.max(0, c[c.length - 1].trip([...x, 0])); })
    : forEachPoint(c, limit, (x) => { if (tests.every((t) => t(x))) n++; });
  return ok ? n : `more than ${limit.toLocaleString("en-US")} iterations to count`;
}

/**
 * Visits every iteration point of `loops` (outer first); stops after `limit` points. A
 * `collapse`d loop (nothing below depends on its variable) is entered once when it runs at
 * all, instead of once per iteration.
 */
function forEachPoint(c: Compiled[], limit: number, f: (x: number[]) => void, collapse: readonly boolean[] = []): boolean {
  const x = new Array<number>(c.length).fill(0);
  let visited = 0;
  const rec = (k: number): boolean => {
    if (k === c.length) { f(x); return ++visited <= limit; }
    const lo = c[k].lower(x), t = c[k].trip(x);
    if (collapse[k]) { if (t > 0) { x[k] = lo; return rec(k + 1); } return true; }
    for (let i = 0; i < t; i++) { x[k] = lo + c[k].step * i; if (!rec(k + 1)) return false; }
    return true;
  };
  return rec(0);
}

/** Number of distinct element offsets touched by refs, or why it could not be counted. */
export function enumerateDistinct(refs: readonly Ref[], b: Bindings, limit = ENUMERATION_LIMIT): number | string {
  const runs: [number, number][] = []; // [first, last] offsets, merged at the end
  let budget = limit;
  for (const r of refs) {
    const all = r.path.filter((p): p is Loop => p.kind === "loop");
    const guardedPath = r.path.some((p) => p.kind === "if");
    // Needed: the loops the offset uses (every loop under a guard) and the loops their bounds
    // depend on. The others only repeat the same elements: each is entered once when it runs.
    const needed = new Set(all.filter((l) => guardedPath || r.access.offset?.mentions(l.var)).map((l) => l.var));
    for (let changed = true; changed;) {
      changed = false;
      for (const l of all) {
        if (!needed.has(l.var)) continue;
        const dependsOn = (v: string) => l.lower?.mentions(v) || l.tripCount?.mentions(v) || l.minMax?.args.some((a) => a.mentions(v));
        for (const o of all) if (!needed.has(o.var) && dependsOn(o.var)) { needed.add(o.var); changed = true; }
      }
    }
    const loops = all;
    const collapse = loops.map((l) => !needed.has(l.var));
    const c = compileLoops(loops, b);
    if (typeof c === "string") return c;
    const vars = loops.map((l) => l.var);
    const off = r.access.offset?.compile(vars, b);
    if (!off) return "the offset has an unbound symbol";
    // The innermost loop walks a contiguous run when it moves the offset by +-1 per step:
    // enumerate the outer points only and record one run each.
    const tests = guardsOf(r.path, vars, b);
    if (typeof tests === "string") return tests;
    const last = loops[loops.length - 1];
    const coef = last && r.access.offset!.degreeIn(last.var) === 1 ? r.access.offset!.coefficientOf(last.var, 1).evaluate(b) : null;
    const unit = tests.length === 0 && !collapse[collapse.length - 1] && coef && last.step !== null && Math.abs(coef.toNumber() * Number(last.step)) === 1;
    // The walk's size first (counted per independent group of loops: cheap), so a domain far
    // past the limit (a tiled band: 2^18 outer points) is refused without walking 20,000 of them.
    const walked = loops.filter((l, k) => !collapse[k] && !(unit && k === loops.length - 1));
    const size = walked.length ? countPoints(walked, b, budget) : 1;
    if (typeof size === "string" || size > budget) return `more than ${limit.toLocaleString("en-US")} iterations to enumerate`;
    let n = 0;
    const ok = unit
      ? forEachPoint(c.slice(0, -1), budget, (x) => {
          const xs = [...x, 0];
          const lo = c[c.length - 1].lower(xs), t = c[c.length - 1].trip(xs);
          if (t <= 0) return;
          xs[xs.length - 1] = lo;
          const a = off(xs);
          xs[xs.length - 1] = lo + c[c.length - 1].step * (t - 1);
          const z = off(xs);
          runs.push(a <= z ? [a, z] : [z, a]);
          n++;
        }, collapse.slice(0, -1))
      : forEachPoint(c, budget, (x) => { n++; if (tests.every((t) => t(x))) { const o = off(x); runs.push([o, o]); } }, collapse);
    if (!ok) return `more than ${limit.toLocaleString("en-US")} iterations to enumerate`;
    budget -= n;
  }
  runs.sort((p, q) => p[0] - q[0]);
  let count = 0, end = -Infinity;
  for (const [a, z] of runs) {
    if (a > end) { count += z - a + 1; end = z; }
    else if (z > end) { count += z - end; end = z; }
  }
  return count;
}
