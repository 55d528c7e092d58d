// Footprint: the exact number of distinct elements of each array a nest touches.
// Three exact methods, tried in order, else "unknown" with the reason:
//  1. injective references (each subscript uses at most one loop variable, each variable in
//     one subscript): the count of the projection of the iteration domain on the variables
//     used, summed in closed form (handles triangular domains: C[i][j], j <= i);
//  2. separable references on rectangular loops: per subscript, the number of distinct values
//     of sum(a_v * t_v), which is an interval of size 1 + sum|a_v|(T_v - 1) when each |a_v|
//     is at most 1 + the span of the smaller terms (x + i, 2*ox + dx, o*IN + i);
//  3. several distinct references (stencils): union of boxes by inclusion-exclusion.

import type { Bindings } from "../symbolic/poly";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { Access, Loop } from "../ir/types";
import { coveredByUnguarded, Domain, type Enclosing, type Figure, known, unknown } from "./domain";
import { enumerateDistinct } from "./enumerate";
import { bandDomain, differenceConstraints, reorderBounds } from "./bounds";

export interface Ref { readonly access: Access; readonly path: readonly Enclosing[] }

interface Term { readonly loop: Loop; readonly a: Poly } // coefficient per normalised counter t
interface Dim { readonly base: Poly; readonly terms: readonly Term[] }

/**
 * A reference under tile loops, read as under the untiled loops: a tile pair
 * `for (x_t = L; x_t < U; x_t += T) for (x = x_t; x < min(x_t + T, U); x++)` walks x over
 * [L, U) exactly once, so it touches the same elements as `for (x = L; x < U; x++)`. The pair
 * becomes that one loop when nothing else on the path (no bound, no subscript) uses x_t;
 * anything else stays as written (counted by enumeration for bound sizes).
 */
function untiled(r: Ref): Ref {
  if (!r.path.some((p) => p.kind === "loop" && p.minMax) || r.path.some((p) => p.kind === "if")) return r;
  const loops = r.path as readonly Loop[];
  const out: Loop[] = [];
  const dropped = new Set<string>();
  for (const x of loops) {
    if (!x.minMax) { out.push(x); continue; }
    const t = loops.find((o) => o.var !== x.var && x.lower?.equals(Poly.symbol(o.var)));
    const T = t?.step ?? null;
    const U = t?.parts?.relation === "<" ? t.parts.bound : null;
    const args = x.minMax.args;
    const pair = t && T !== null && T > 0n && U && t.lower && t.tripCount && x.step === 1n && x.minMax.op === "min" && x.minMax.relation === "<" && args.length === 2
      && args.some((a) => a.equals(Poly.symbol(t.var).add(Poly.constant(T)))) && args.some((a) => a.equals(U)) && !U.mentions(t.var);
    if (!pair) return r;
    dropped.add(t.var);
    out.push({ ...x, lower: t.lower, tripCount: U.sub(t.lower!), minMax: undefined });
  }
  const kept = out.filter((l) => !dropped.has(l.var));
  const uses = (l: Loop, v: string) => l.lower?.mentions(v) || l.tripCount?.mentions(v) || l.minMax?.args.some((a) => a.mentions(v));
  for (const v of dropped) if (r.access.offset?.mentions(v) || kept.some((l) => uses(l, v))) return r;
  return { access: r.access, path: kept };
}

export class Footprint {
  /** Set when a decision needed the bound values, so the expression holds only for them. */
  usedBindings = false;
  readonly assumptions = new Set<string>();

  constructor(private readonly domain: Domain, private readonly bindings: Bindings, private readonly order?: (s: string) => number) {}

  /** Distinct elements touched by all references to one array. */
  distinct(given: readonly Ref[]): Figure {
    const all = given.map(untiled);
    const covered = coveredByUnguarded(all);
    const refs = all.filter((r) => !covered(r));
    for (const r of refs) {
      if (r.access.conditional) return unknown(`${r.access.text}: ${r.access.conditional}`);
      if (r.access.offset === null || r.access.subscripts.some((s) => s === null))
        return unknown(r.access.reason ?? `${r.access.text} is not affine`);
      const guard = r.path.find((p) => p.kind === "if");
      if (guard) {
        // Guarded references: only an exact count of the bound domain will do.
        const n = enumerateDistinct(refs, this.bindings);
        if (typeof n === "number") { this.usedBindings = true; return known(Poly.constant(n)); }
        return unknown(`${r.access.text} runs under if (line ${guard.span.line}): ${n}`);
      }
      const bad = r.path.find((p) => p.kind === "loop" && !p.tripCount) as Loop | undefined;
      if (bad?.minMax) {
        const n = enumerateDistinct(refs, this.bindings);
        if (typeof n === "number") { this.usedBindings = true; return known(Poly.constant(n)); }
        return unknown(`${bad.unknown?.reason}: ${n}`);
      }
      if (bad) return unknown(bad.unknown?.reason ?? "loop not understood");
    }
    // A reference that never runs touches nothing (e.g. a window loop with K = 0); the closed
    // forms below assume every loop on a reference's path runs at least once.
    const live = refs.filter((r) => {
      const e = this.domain.executions(r.path);
      const v = e.poly?.evaluate(this.bindings);
      return !(v && v.sign() <= 0);
    });
    if (live.length === 0) return known(Poly.ZERO);
    for (const r of live)
      for (const p of r.path)
        if (p.kind === "loop" && p.tripCount && !p.tripCount.evaluate(this.bindings) && !p.tripCount.constantValue())
          this.assumptions.add(`${p.tripCount.toString(this.order)} >= 1 (loop ${p.var} runs)`);
    const unique = new Map<string, Ref>();
    // Same subscripts under different loops (siblings reusing a variable name) are different sets.
    const loopsKey = (r: Ref) => r.path.map((p) => p.span.start).join(",");
    for (const r of live) unique.set(`${r.access.subscripts.map((s) => s!.key()).join("|")}@${loopsKey(r)}`, r);
    const list = [...unique.values()];
    const closed = list.length === 1 ? this.single(list[0]) : this.union(list);
    if (closed.poly) return closed;
    const n = enumerateDistinct(list, this.bindings);
    if (typeof n === "number") { this.usedBindings = true; return known(Poly.constant(n)); }
    return closed;
  }

  private dims(r: Ref): Dim[] | string {
    const loops = r.path.filter((p): p is Loop => p.kind === "loop");
    const out: Dim[] = [];
    for (const s of r.access.subscripts) {
      let base = s!;
      const terms: Term[] = [];
      for (const l of [...loops].reverse()) { // inner first: an inner lower bound may mention outer variables
        if (!base.mentions(l.var)) continue;
        if (base.degreeIn(l.var) > 1 || base.mentionsInsideFloor(l.var)) return `${r.access.text}: subscript is not linear in ${l.var}`;
        const c = base.coefficientOf(l.var, 1);
        for (const o of loops) if (c.mentions(o.var)) return `${r.access.text}: product of loop variables in a subscript`;
        base = base.substitute(l.var, l.lower!);
        terms.push({ loop: l, a: c.scale(Rational.of(l.step!)) });
      }
      out.push({ base, terms });
    }
    return out;
  }

  private single(r: Ref): Figure {
    const dims = this.dims(r);
    if (typeof dims === "string") return unknown(dims);
    const pathLoops = r.path.filter((p): p is Loop => p.kind === "loop");
    const usedIn = r.access.subscripts.map((s) => pathLoops.filter((l) => s!.mentions(l.var)));
    const used = new Map<Loop, number>();
    usedIn.forEach((ls) => ls.forEach((l) => used.set(l, (used.get(l) ?? 0) + 1)));
    // Method 1: injective (in the original subscripts, before normalising the loops).
    if (usedIn.every((ls) => ls.length <= 1) && [...used.values()].every((n) => n === 1)
        && r.access.subscripts.every((s, j) => usedIn[j].length === 0 || (s!.degreeIn(usedIn[j][0].var) === 1 && !s!.mentionsInsideFloor(usedIn[j][0].var) && this.sign(s!.coefficientOf(usedIn[j][0].var, 1)) !== 0))) {
      const loops = (r.path.filter((p) => p.kind === "loop") as Loop[]).filter((l) => used.has(l));
      const names = new Set(loops.map((l) => l.var));
      const all = (r.path.filter((p) => p.kind === "loop") as Loop[]).map((l) => l.var);
      const foreign = loops.find((l) => [...l.tripCount!.symbols(), ...l.lower!.symbols()].some((s) => all.includes(s) && !names.has(s)));
      const counted = foreign ? this.projected(r.path.filter((p) => p.kind === "loop") as Loop[], loops) : loops;
      if (counted) {
        let e = Poly.ONE;
        for (let i = counted.length - 1; i >= 0; i--) {
          const s = this.domain.sumLoop(counted[i], e);
          if (!s.poly) return s;
          e = s.poly;
        }
        return known(e);
      }
    }
    // Method 2: separable dimensions over rectangular loops.
    const used2 = new Map<Loop, number>();
    dims.forEach((d) => d.terms.forEach((t) => used2.set(t.loop, (used2.get(t.loop) ?? 0) + 1)));
    if ([...used2.values()].some((n) => n > 1)) return unknown(`${r.access.text}: a loop variable appears in two subscripts`);
    let count = Poly.ONE;
    for (const d of dims) {
      const c = this.values(d, r.access.text);
      if (typeof c === "string") return unknown(c);
      count = count.mul(c);
    }
    return known(count);
  }

  /**
   * The used loops of an injective reference, re-bounded to the range they cover through the
   * loops it does not use (y[i] with i from j: i over [0, n - 1] for j in [0, n - 1]), when that
   * projection is exact (difference constraints) and each range is a single interval; else null.
   */
  private projected(path: readonly Loop[], used: readonly Loop[]): Loop[] | null {
    const rows = bandDomain(path);
    if (typeof rows === "string" || !differenceConstraints(rows, new Set(path.map((l) => l.var)))) return null;
    const levels = reorderBounds(path, used.map((l) => l.var), rows);
    if (typeof levels === "string" || levels.some((lv) => lv.lowers.length !== 1 || lv.uppers.length !== 1)) return null;
    return used.map((l, k) => ({ ...l, lower: levels[k].lowers[0], tripCount: levels[k].uppers[0].sub(levels[k].lowers[0]).add(Poly.ONE), minMax: undefined }));
  }

  private rectangular(t: Term, text: string): string | null {
    const vars = t.loop.tripCount!.symbols();
    for (const s of vars) if (s.startsWith("$") || this.isLoopVar(s)) return `${text}: the range of ${t.loop.var} depends on another loop (not rectangular)`;
    return null;
  }
  private loopVars = new Set<string>();
  setLoopVars(vars: Iterable<string>): void { this.loopVars = new Set(vars); }
  private isLoopVar(s: string): boolean { return this.loopVars.has(s); }

  /**
   * Sign of a polynomial: structural when constant, else from the bound values. A decision
   * that relied on bound values and went the "negative" way makes the expression specific
   * to those values (usedBindings); a non-negative one keeps the general form valid.
   */
  private sign(p: Poly): number | null {
    const c = p.constantValue();
    if (c) return c.sign();
    const v = p.evaluate(this.bindings);
    if (!v) return null;
    if (v.sign() < 0) this.usedBindings = true;
    else if (p.printsMinus()) this.assumptions.add(`${p.toString(this.order)} >= 0`);
    return v.sign();
  }

  /** Interval flag and size of the values of base + sum a*t over t in [0, T). */
  private valueSet(d: Dim, text: string): { count: Poly; interval: boolean } | string {
    for (const t of d.terms) { const bad = this.rectangular(t, text); if (bad) return bad; }
    const items = d.terms.map((t) => {
      const s = this.sign(t.a);
      return { abs: s !== null && s < 0 ? t.a.neg() : t.a, sign: s, T: t.loop.tripCount! };
    });
    if (items.some((i) => i.sign === null)) return `${text}: sign of a subscript coefficient is unknown`;
    const live = items.filter((i) => i.sign !== 0);
    for (let i = 0; i < live.length; i++)
      for (let j = i + 1; j < live.length; j++) {
        const c = this.sign(live[i].abs.sub(live[j].abs));
        if (c === null) return `${text}: cannot order the subscript coefficients`;
        if (c > 0) [live[i], live[j]] = [live[j], live[i]];
      }
    // The set stays within [0, span] relative to its minimum and holds `count` values.
    // Each term either extends an interval (a <= span + 1) or makes disjoint copies (a > span).
    let span = Poly.ZERO, count = Poly.ONE, interval = true;
    for (const it of live) {
      const ext = it.abs.mul(it.T.sub(Poly.ONE));
      const isOne = it.abs.constantValue()?.equals(Poly.ONE.constantValue()!) ?? false;
      if (interval && (isOne || (this.sign(Poly.ONE.add(span).sub(it.abs)) ?? -1) >= 0)) {
        span = span.add(ext);
        count = span.add(Poly.ONE);
      } else if ((this.sign(it.abs.sub(span).sub(Poly.ONE)) ?? -1) >= 0) {
        count = count.mul(it.T);
        span = span.add(ext);
        interval = false;
      } else return `${text}: the subscript values overlap irregularly; their distinct count is not modelled`;
    }
    return { count, interval };
  }

  private values(d: Dim, text: string): Poly | string {
    const v = this.valueSet(d, text);
    return typeof v === "string" ? v : v.count;
  }

  /**
   * A dimension's values as an arithmetic progression [lo, hi] step s: an interval (s = 1)
   * or a single strided term (x[2*i], a loop with i += 2).
   */
  private progression(d: Dim, text: string): [Poly, Poly, bigint] | string {
    const v = this.valueSet(d, text);
    if (typeof v === "string") return v;
    let lo = d.base;
    for (const t of d.terms) {
      const s = this.sign(t.a);
      if (s === null) return `${text}: sign of a subscript coefficient is unknown`;
      if (s < 0) lo = lo.add(t.a.mul(t.loop.tripCount!.sub(Poly.ONE)));
    }
    if (v.interval) return [lo, lo.add(v.count).sub(Poly.ONE), 1n];
    const live = d.terms.filter((t) => this.sign(t.a) !== 0);
    const a = live.length === 1 ? live[0].a.constantValue() : null;
    if (!a || !a.isInteger()) return `${text}: strided subscript in a union of references`;
    const step = a.num < 0n ? -a.num : a.num;
    return [lo, lo.add(Poly.constant(step).mul(live[0].loop.tripCount!.sub(Poly.ONE))), step];
  }

  private union(refs: readonly Ref[]): Figure {
    if (refs.length > 12) return unknown(`${refs.length} distinct references to one array; union not computed`);
    const boxes: [Poly, Poly, bigint][][] = [];
    for (const r of refs) {
      const dims = this.dims(r);
      if (typeof dims === "string") return unknown(dims);
      const box: [Poly, Poly, bigint][] = [];
      for (const d of dims) {
        const iv = this.progression(d, r.access.text);
        if (typeof iv === "string") return unknown(iv);
        box.push(iv);
      }
      boxes.push(box);
    }
    const pick = (ps: Poly[], wantMax: boolean): Poly | null => {
      let best = ps[0];
      for (const p of ps.slice(1)) {
        const diff = p.sub(best);
        const s = this.sign(diff);
        if (s === null) return null;
        if (!diff.constantValue()) this.usedBindings = true;
        if (wantMax ? s > 0 : s < 0) best = p;
      }
      return best;
    };
    // Inclusion-exclusion over the references; each intersection is a box of progressions.
    let total = Poly.ZERO;
    const n = boxes.length;
    for (let mask = 1; mask < 1 << n; mask++) {
      const members = boxes.filter((_, i) => mask & (1 << i));
      let size = Poly.ONE;
      for (let j = 0; j < members[0].length; j++) {
        const step = members[0][j][2];
        if (members.some((b) => b[j][2] !== step)) return unknown("references with different strides in one dimension; union not computed");
        if (step > 1n) {
          // Progressions with the same step meet only when their starts are congruent.
          const d = members.map((b) => b[j][0].sub(members[0][j][0]).constantValue());
          if (d.some((x) => !x || !x.isInteger())) return unknown("cannot compare strided references (symbolic offsets)");
          if (d.some((x) => x!.num % step !== 0n)) { size = Poly.ZERO; break; }
        }
        const lo = pick(members.map((b) => b[j][0]), true);
        const hi = pick(members.map((b) => b[j][1]), false);
        if (!lo || !hi) return unknown("cannot compare the ranges of the references (symbolic offsets)");
        const len = Poly.floorDiv(hi.sub(lo), step).add(Poly.ONE);
        const s = this.sign(len);
        if (s !== null && s <= 0) { if (!len.constantValue()) this.usedBindings = true; size = Poly.ZERO; break; }
        if (s === null) this.assumptions.add(`${len.toString(this.order)} >= 0`);
        size = size.mul(len);
      }
      const sign = members.length % 2 === 1 ? 1n : -1n;
      total = total.add(size.scale(Rational.of(sign)));
    }
    return known(total);
  }
}
