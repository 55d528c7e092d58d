// Loop bounds of a band run in another order: the band's iteration domain as linear
// constraints (each loop's lower and upper bound, which may name outer counters: `j <= i`),
// projected by Fourier-Motzkin elimination, innermost new loop first. Each loop of the new
// order gets every original constraint whose innermost variable (in the new order) it is, plus
// the projections that bound it by outer loops only; redundant ones are dropped (a bound implied
// by the others and the outer loops', checked as an infeasible system).
// Why it is exact: every original constraint sits at some loop of the new order, so a point runs
// iff it satisfies them all, i.e. iff it is in the original domain; the projected bounds are
// implied by the originals (a rational superset of the integer projection), so they only narrow
// the outer loops to where inner ones may run and never drop a point.
//   for (j = 0; j < n; j++) for (i = j; i < n; i++)   in order i, j   ->
//   for (i = 0; i < n; i++) for (j = 0; j <= i; j++)
// Used by permute (a triangular band reordered), the order search (loopOrder.ts) and the
// footprint (the range a subscript covers through a loop it does not use).
// Reference: Ancourt and Irigoin, "Scanning polyhedra with DO loops" (PPoPP 1991).

import { Poly } from "../symbolic/poly";
import { Rational } from "../symbolic/rational";
import type { Loop } from "../ir/types";
import { difference, eliminate, feasible, linearOf, normal, type Linear } from "./fourierMotzkin";

/** Bounds of one loop of the new order, inclusive: max(lowers) <= var <= min(uppers), over outer counters and sizes. */
export interface LevelBounds { readonly var: string; readonly lowers: readonly Poly[]; readonly uppers: readonly Poly[] }

/** More constraints than this after an elimination: not derived (the band would be refused, never slow). */
const MAX_ROWS = 200;

function polyOf(r: { readonly coef: ReadonlyMap<string, Rational>; readonly c: Rational }): Poly {
  let p = Poly.constant(r.c);
  for (const [x, a] of r.coef) p = p.add(Poly.symbol(x).scale(a));
  return p;
}

const minus = (p: Linear, q: Linear): Linear => normal(difference(p, q));
const key = (r: Linear) => `${[...r.coef].filter(([, a]) => !a.isZero()).map(([x, a]) => `${x}:${a}`).sort().join(",")};${r.c}`;
/** Not (r >= 0) over the integers: -r - 1 >= 0. */
const negated = (r: Linear): Linear => ({ coef: new Map([...r.coef].map(([x, a]) => [x, a.neg()])), c: r.c.neg().sub(Rational.ONE) });

/**
 * The band's domain as rows (>= 0): var - lower >= 0 and lower + trip - 1 - var >= 0 per loop.
 * Unit-step loops counting up with affine bounds only; else why not.
 */
export function bandDomain(band: readonly Loop[]): Linear[] | string {
  const rows: Linear[] = [];
  for (const l of band) {
    if (!l.lower || !l.tripCount) return `loop ${l.var} (line ${l.span.line}): ${l.unknown?.reason ?? "its bounds are not understood"}`;
    if (l.step !== 1n) return `loop ${l.var} steps by ${l.step ?? "an unknown amount"}; new bounds are derived for unit steps counting up only`;
    const lo = linearOf(l.lower), hi = linearOf(upperOf(l));
    if (!lo || !hi) return `a bound of loop ${l.var} is not affine (${l.headerText})`;
    const x: Linear = { coef: new Map([[l.var, Rational.ONE]]), c: Rational.ZERO };
    rows.push(minus(x, lo), minus(hi, x));
  }
  return rows;
}

/** The last value of a unit-step loop: lower + trip - 1. */
export function upperOf(l: Loop): Poly { return l.lower!.add(l.tripCount!).sub(Poly.ONE); }

/**
 * Whether the projection of the domain onto some of its variables is exact over the integers:
 * true for difference constraints (each row bounds one variable, or the difference of two, by
 * sizes), whose integer points project onto integer points (a shortest-path system).
 */
export function differenceConstraints(rows: readonly Linear[], vars: ReadonlySet<string>): boolean {
  return rows.every((r) => {
    const on = [...r.coef].filter(([x, a]) => vars.has(x) && !a.isZero());
    if (on.some(([, a]) => !a.equals(Rational.ONE) && !a.equals(Rational.of(-1)))) return false;
    return on.length <= 1 || (on.length === 2 && on[0][1].sign() !== on[1][1].sign());
  });
}

/**
 * The bounds of each loop of `order` (outer to inner), or why they cannot be derived: a bound
 * that would need a division (a coefficient other than 1 on the loop), a loop left unbounded.
 * Band loops missing from `order` are projected away first (the range the others cover).
 */
export function reorderBounds(band: readonly Loop[], order: readonly string[], domain?: readonly Linear[]): LevelBounds[] | string {
  const dom = domain ?? bandDomain(band);
  if (typeof dom === "string") return dom;
  const levels: Linear[][] = [];
  let rows: Linear[] = [...dom];
  for (const l of band) if (!order.includes(l.var)) {
    rows = eliminate(rows, l.var);
    if (rows.length > MAX_ROWS) return `the projected bounds grow past ${MAX_ROWS} constraints`;
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const x = order[k];
    const inner = order.slice(k + 1);
    const here = dedupe(rows.filter((r) => r.coef.has(x) && !inner.some((y) => r.coef.has(y))));
    levels[k] = here;
    rows = eliminate(rows, x);
    if (rows.length > MAX_ROWS) return `the bounds of the reordered band grow past ${MAX_ROWS} constraints`;
  }
  const out: LevelBounds[] = [];
  const context: Linear[] = [];
  for (let k = 0; k < order.length; k++) {
    const x = order[k];
    let here = levels[k];
    // Redundant bounds dropped, one at a time: implied by the rest of the level and the outer loops'.
    for (let i = here.length - 1; i >= 0; i--) {
      const others = here.filter((_, j) => j !== i);
      const sameSide = others.some((r) => r.coef.get(x)!.sign() === here[i].coef.get(x)!.sign());
      if (sameSide && !feasible([], [...context, ...others, negated(here[i])])) here = others;
    }
    const lowers: Poly[] = [], uppers: Poly[] = [];
    for (const r of here) {
      const a = r.coef.get(x)!;
      if (!a.equals(Rational.ONE) && !a.equals(Rational.of(-1))) return `the bound ${polyOf(r).toString()} >= 0 of loop ${x} would need a division`;
      // a*x + rest >= 0: x >= -rest (a = 1) or x <= rest (a = -1).
      const rest = polyOf({ coef: new Map([...r.coef].filter(([y]) => y !== x)), c: r.c });
      if (a.sign() > 0) lowers.push(rest.neg()); else uppers.push(rest);
    }
    if (!lowers.length || !uppers.length) return `loop ${x} would have no ${lowers.length ? "upper" : "lower"} bound in the order ${order.join(",")}`;
    out.push({ var: x, lowers, uppers });
    context.push(...here);
  }
  return out;
}

function dedupe(rows: readonly Linear[]): Linear[] {
  const seen = new Map<string, Linear>();
  for (const r of rows) seen.set(key(r), r);
  return [...seen.values()];
}
