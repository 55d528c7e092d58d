// Iteration domains: how many times a statement runs, as an exact closed form.
// A statement's execution count is the nested sum, over its enclosing loops from the inside
// out, of 1; each sum substitutes var = lower + step*t and sums t over [0, trip) with
// Faulhaber's formula. Trip counts that could be negative for some outer iteration (an
// empty inner range) make the closed form invalid; they are detected, not hidden.

import type { Bindings } from "../symbolic/poly";
import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import { sumOver } from "../symbolic/sum";
import { countPoints } from "./enumerate";
import type { Access, Guard, InlinedCall, Loop, Node, Stmt } from "../ir/types";

/**
 * A count: a closed form, or missing with the reason. `numeric` marks a count that is exact
 * only for the bound values (counted by enumeration): it must not be shown as a formula.
 */
export type Figure = { readonly poly: Poly; readonly reason?: undefined; readonly numeric?: boolean } | { readonly poly: null; readonly reason: string; readonly numeric?: boolean };
export const known = (poly: Poly, numeric = false): Figure => (numeric ? { poly, numeric } : { poly });
export const unknown = (reason: string): Figure => ({ poly: null, reason });

export type Enclosing = Loop | Guard;

/**
 * Visits every node with the loops and guards around it, outermost first (an else branch is
 * enclosed by the negated guard, see elseGuard). `into` picks the inlined calls whose bodies
 * are visited too (their nodes, with the callee's loops and guards inside the caller's path).
 */
export function walk(nodes: readonly Node[], path: readonly Enclosing[], f: (n: Node, path: readonly Enclosing[]) => void, into?: (c: InlinedCall) => boolean): void {
  const calls = (st: Stmt) => { if (into && st.inlined) for (const c of st.inlined) if (into(c)) walk(c.body, path, f, into); };
  for (const n of nodes) {
    f(n, path);
    if (n.kind === "loop") walk(n.body, [...path, n], f, into);
    else if (n.kind === "if") { calls(n.cond); walk(n.then, [...path, n], f, into); if (n.else.length) walk(n.else, [...path, elseGuard(n)], f, into); }
    else if (n.kind === "stmt") calls(n);
  }
}

/**
 * What the loops of `path` running at least once says of the symbols: a trip count S + c (S a
 * symbol) means S >= 1 - c (a loop of W - 2 iterations: W >= 3). A fact about the points where a
 * reference inside all of them runs (dependences, address ranges), not about the program.
 */
export function leastSymbols(path: readonly Loop[], bindings?: Bindings): Map<string, Rational> {
  const least = new Map<string, Rational>();
  for (const l of path) {
    const t = bindings ? l.tripCount?.bind(bindings) : l.tripCount;
    if (!t || t.atoms().size !== 1) continue;
    const [sym] = t.atoms();
    const c = t.constantTerm();
    if (!t.sub(Poly.constant(c)).equals(Poly.symbol(sym))) continue;
    const lb = Rational.ONE.sub(c), had = least.get(sym);
    if (!had || lb.sub(had).sign() > 0) least.set(sym, lb);
  }
  return least;
}

/**
 * `p` written in S' = S - least(S) for each of its symbols with a least value (so S' >= 0 where
 * the loops run), and the symbols without one (`free`). With `free` empty (or those held >= 0),
 * non-negative coefficients of `shifted` prove p >= 0.
 */
export function fromLeast(p: Poly, least: ReadonlyMap<string, Rational>): { shifted: Poly; free: string[] } {
  let shifted = p;
  const free: string[] = [];
  for (const s of p.symbols()) {
    const lb = least.get(s);
    if (lb) shifted = shifted.substitute(s, Poly.symbol(s).add(Poly.constant(lb)));
    else free.push(s);
  }
  return { shifted, free };
}

/** For walk: every inlined call. */
export const ALL_CALLS = (): boolean => true;

/**
 * Which references under an if touch no element an unguarded reference of the same loops does
 * not (the same array, the same subscripts: `if (x[i] > m) m = x[i];`), so the guard changes
 * no count of elements or lines (footprint.ts, traffic.ts).
 */
export function coveredByUnguarded<R extends { readonly access: Access; readonly path: readonly Enclosing[] }>(refs: readonly R[]): (r: R) => boolean {
  const guarded = (r: R) => r.path.some((p) => p.kind === "if");
  const key = (r: R) => (r.access.subscripts.every((s) => s !== null) && !r.access.conditional
    ? `${r.access.array}|${r.access.subscripts.map((s) => s!.key()).join("|")}@${r.path.filter((p) => p.kind === "loop").map((p) => p.span.start).join(",")}` : null);
  const plain = new Set(refs.filter((r) => !guarded(r)).map(key).filter((k) => k !== null));
  return (r) => { const k = key(r); return guarded(r) && k !== null && plain.has(k); };
}

const negated = new WeakMap<Guard, Guard>();

/**
 * The guard that encloses the else branch of `g`: its condition negated (`!(c)`), so the
 * statements there are counted where c does not hold. One object per guard (counts are
 * memoised by the innermost enclosing node).
 */
export function elseGuard(g: Guard): Guard {
  let e = negated.get(g);
  if (!e) {
    const text = g.condition.replace(/^\((.*)\)$/s, "$1");
    const { pred: _p, ...rest } = g;
    e = { ...rest, condition: `!(${text})`, ...(g.pred ? { pred: { op: "!", arg: g.pred } } : {}), then: g.else, else: [] };
    negated.set(g, e);
  }
  return e;
}

export class Domain {
  private readonly tripChecks = new Map<Loop, string | null>();
  readonly assumptions = new Set<string>();

  constructor(private readonly bindings: Bindings, private readonly order?: (s: string) => number) {}

  /** The trip count to use in sums: clamped to 0 when it is a negative constant. */
  private trip(loop: Loop): Poly {
    const t = loop.tripCount!;
    const v = t.evaluate(this.bindings);
    return v && v.sign() < 0 ? Poly.ZERO : t;
  }

  /** sum over the iterations of `loop` of f (a polynomial that may mention loop.var). */
  sumLoop(loop: Loop, f: Poly): Figure {
    if (!loop.tripCount || loop.lower === null || loop.step === null) return unknown(loop.unknown?.reason ?? "loop not understood");
    const bad = this.checkTrip(loop);
    if (bad) return unknown(bad);
    const t = `$t_${loop.var}`;
    const g = f.substitute(loop.var, loop.lower.add(Poly.symbol(t).scale(Rational.of(loop.step))));
    const s = sumOver(g, t, Poly.ZERO, this.trip(loop).sub(Poly.ONE));
    return s ? known(s) : unknown(`no closed form: a loop bound inside ${loop.headerText} divides ${loop.var} (a floor term)`);
  }

  /** sum over the iterations of the loops of `path` of f (f may mention their variables). */
  sumOver(path: readonly Enclosing[], f: Poly): Figure {
    const g = path.find((p) => p.kind === "if" || p.minMax);
    if (g) return unknown(`it varies with the loop variables under ${g.kind === "if" ? `if (${g.condition})` : "a min/max bound"} (line ${g.span.line})`);
    let e = f;
    for (let i = path.length - 1; i >= 0; i--) {
      const s = this.sumLoop(path[i] as Loop, e);
      if (!s.poly) return s;
      e = s.poly;
    }
    return known(e);
  }

  private readonly execCache = new Map<Enclosing | null, Figure>();

  /** Number of executions of a node whose enclosing loops/guards are `path` (memoised per innermost enclosing node). */
  executions(path: readonly Enclosing[]): Figure {
    const last = path.length ? path[path.length - 1] : null;
    const hit = this.execCache.get(last);
    if (hit) return hit;
    const f = this.computeExecutions(path);
    this.execCache.set(last, f);
    return f;
  }

  private computeExecutions(path: readonly Enclosing[]): Figure {
    // A loop bounded by min/max (tiled code): count the points exactly for the bound sizes.
    const piecewise = path.find((p): p is Loop => p.kind === "loop" && !!p.minMax);
    if (piecewise && !path.some((p) => p.kind === "if" && !p.pred)) {
      const n = countPoints(path, this.bindings);
      return typeof n === "number" ? known(Poly.constant(n), true) : unknown(`${piecewise.unknown?.reason ?? "min/max bound"}; counting it: ${n}`);
    }
    const guard = path.find((p): p is Guard => p.kind === "if");
    if (guard) {
      // An affine guard: count the points where it holds, exactly, for the bound sizes.
      const cond = guard.condition.replace(/^\((.*)\)$/s, "$1");
      const why = `runs only when if (${cond}) holds (line ${guard.span.line})`;
      const opaque = path.find((p): p is Guard => p.kind === "if" && !p.pred);
      if (opaque) return unknown(`runs only when if (${opaque.condition.replace(/^\((.*)\)$/s, "$1")}) holds (line ${opaque.span.line}), which is not an affine condition on loop variables: ${opaque.notAffine ?? "it depends on data"}`);
      const n = countPoints(path, this.bindings);
      return typeof n === "number" ? known(Poly.constant(n), true) : unknown(`${why}; counting it: ${n}`);
    }
    let e = Poly.ONE;
    for (let i = path.length - 1; i >= 0; i--) {
      const p = path[i];
      if (p.kind === "if") return unknown("internal: guard");
      const s = this.sumLoop(p, e);
      if (!s.poly) return s;
      e = s.poly;
    }
    return known(e);
  }

  /**
   * Checks that a loop's trip count is never negative where it runs, using interval bounds of
   * the enclosing loop variables when the symbols are bound. Returns a reason when it can be
   * negative (the closed form would then be wrong), null when fine. With unbound symbols the
   * condition is recorded as an assumption.
   */
  checkTrip(loop: Loop): string | null {
    if (this.tripChecks.has(loop)) return this.tripChecks.get(loop)!;
    const t = loop.tripCount!;
    let result: string | null = null;
    const bound = t.bind(this.bindings);
    const c = bound.constantValue();
    const req = loop.counted?.requires;
    if (req) {
      // A counted while/do: the formula is wrong (not just clamped) below req.min.
      const low = c ?? ([...bound.symbols()].every((s) => this.ranges.has(s)) ? this.minOver(bound) : null);
      if (low && low.compare(Rational.of(BigInt(req.min))) < 0) result = req.why;
      else if (!low && !c) this.assumptions.add(`${t.toString(this.order)} >= ${req.min} (trip count of ${loop.counted?.text ?? loop.headerText})`);
    }
    if (result) { this.tripChecks.set(loop, result); return result; }
    if (!c) {
      const loopVars = [...bound.symbols()].filter((s) => this.ranges.has(s));
      const free = [...bound.symbols()].filter((s) => !this.ranges.has(s));
      if (free.length === 0 && loopVars.length > 0) {
        const lo = this.minOver(bound);
        if (lo === null) result = `cannot bound the trip count ${t.toString(this.order)} of ${loop.headerText}`;
        else if (lo.sign() < 0) result = `${loop.headerText} runs zero times for some outer iterations (its trip count ${t.toString(this.order)} goes negative); not modelled yet`;
      } else if (!isObviouslyNonNegative(bound)) {
        this.assumptions.add(`${t.toString(this.order)} >= 0 (trip count of ${loop.headerText})`);
      }
    }
    this.tripChecks.set(loop, result);
    return result;
  }

  /** Value intervals of loop variables, filled by `enter` as the analysis descends. */
  private readonly ranges = new Map<string, [Rational, Rational]>();

  /** The value interval of a loop's variable, once `enter`ed (null when not numeric). Keyed by
   *  the loop itself: sibling loops may reuse a variable name with other bounds. */
  rangeOf(l: Loop): readonly [Rational, Rational] | null { return this.loopRanges.get(l) ?? null; }
  private readonly loopRanges = new Map<Loop, [Rational, Rational]>();

  /** Records the value range of loop.var given the ranges of the enclosing loops. */
  enter(loop: Loop): void {
    if (!loop.tripCount || !loop.lower || loop.step === null) return;
    const lo = this.minOver(loop.lower.bind(this.bindings));
    const hi = this.maxOver(loop.lower.bind(this.bindings));
    const tmax = this.maxOver(loop.tripCount.bind(this.bindings));
    if (!lo || !hi || !tmax) return;
    const span = Rational.of(loop.step).mul(tmax.sub(Rational.ONE).sign() > 0 ? tmax.sub(Rational.ONE) : Rational.ZERO);
    const a = lo.add(span.sign() < 0 ? span : Rational.ZERO);
    const b = hi.add(span.sign() > 0 ? span : Rational.ZERO);
    this.ranges.set(loop.var, [a, b]);
    this.loopRanges.set(loop, [a, b]);
  }

  private extreme(p: Poly, wantMax: boolean): Rational | null {
    // Affine in the loop variables: each coefficient must be constant.
    let acc = p.coefficientOf("", 0);
    let r = Rational.ZERO;
    for (const s of p.symbols()) {
      const range = this.ranges.get(s);
      if (!range || p.degreeIn(s) > 1 || p.mentionsInsideFloor(s)) return null;
      const c = p.coefficientOf(s, 1).constantValue();
      if (!c) return null;
      const pick = (c.sign() >= 0) === wantMax ? range[1] : range[0];
      r = r.add(c.mul(pick));
      acc = acc.coefficientOf(s, 0);
    }
    const k = acc.constantValue();
    return k ? r.add(k) : null;
  }
  minOver(p: Poly): Rational | null { return p.constantValue() ?? this.extreme(p, false); }
  maxOver(p: Poly): Rational | null { return p.constantValue() ?? this.extreme(p, true); }
}

function isObviouslyNonNegative(p: Poly): boolean {
  const c = p.constantValue();
  if (c) return c.sign() >= 0;
  // A single monomial with a positive coefficient in size symbols (N, N*M) is fine.
  return !p.toString().includes("-") && !p.toString().includes("floor");
}
