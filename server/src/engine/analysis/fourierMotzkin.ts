// Rational feasibility of a small system of linear constraints, by Fourier-Motzkin elimination
// (equalities substituted away first). Used by the dependence test (dependences.ts) on the
// coupled system of a pair of references: every subscript equation at once, the loop bounds
// (triangular ones too: `j` from `i`), and a direction vector. No rational solution means no
// integer one, so a "no" is a proof; a "yes" may be wrong for integers, which keeps a
// dependence that does not exist (conservative), never the reverse. A system that grows past
// MAX_CONSTRAINTS answers "yes".
// Reference: Dantzig and Eaves, "Fourier-Motzkin elimination and its dual" (1973); Pugh, "The
// Omega test" (1992) for its use in dependence analysis.

import { lcm, Rational } from "../symbolic/rational";
import type { Poly } from "../symbolic/poly";
import { check } from "../budget";

/** sum coef[x]*x + c, compared with 0. */
export interface Linear { readonly coef: ReadonlyMap<string, Rational>; readonly c: Rational }

const MAX_CONSTRAINTS = 400;

/** An affine polynomial as a row, each symbol a variable (renamed by `name`), or null when a term is not linear. */
export function linearOf(p: Poly, name: (x: string) => string = (x) => x): Linear | null {
  const coef = new Map<string, Rational>();
  let rest = p;
  for (const x of p.symbols()) {
    if (p.degreeIn(x) > 1 || p.mentionsInsideFloor(x)) return null;
    const c = p.coefficientOf(x, 1).constantValue();
    if (!c) return null;
    if (!c.isZero()) coef.set(name(x), c);
    rest = rest.coefficientOf(x, 0);
  }
  const c = rest.constantValue();
  return c ? { coef, c } : null;
}

/** p - q. */
export function difference(p: Linear, q: Linear): Linear {
  const coef = new Map(p.coef);
  for (const [x, v] of q.coef) coef.set(x, (coef.get(x) ?? Rational.ZERO).sub(v));
  return { coef, c: p.c.sub(q.c) };
}

/** Whether some rational point satisfies every `eq` (= 0) and every `ge` (>= 0). */
export function feasible(eqs: readonly Linear[], ges: readonly Linear[]): boolean {
  // Most systems have small integer rows: eliminated in floating-point integers (exact while
  // every value stays a safe integer), the same steps as below; bigint rationals only when a
  // value would outgrow that. (The rational version was a fifth of a large file's analysis.)
  const fast = feasibleSmall(eqs, ges);
  return fast ?? feasibleRational(eqs, ges);
}

/** The elimination in bigint rationals (feasible() falls back to it; exported for its differential test). */
export function feasibleRational(eqs: readonly Linear[], ges: readonly Linear[]): boolean {
  let rows: Linear[] = ges.map(normal);
  let equal = eqs.map(normal);
  // Substitute each equality for one of its variables.
  while (equal.length) {
    const e = equal.pop()!;
    const x = [...e.coef.keys()][0];
    if (x === undefined) { if (!e.c.isZero()) return false; continue; }
    const k = e.coef.get(x)!;
    // x = -(e - k*x)/k
    const sub = (r: Linear): Linear => {
      const a = r.coef.get(x);
      if (!a) return r;
      return combine(r, Rational.ONE, e, a.neg().div(k));
    };
    equal = equal.map(sub);
    rows = rows.map(sub);
  }
  for (;;) {
    check();
    const live = rows.filter((r) => r.coef.size || r.c.sign() < 0);
    if (live.some((r) => !r.coef.size)) return false;
    if (!live.length) return true;
    // The variable whose elimination makes the fewest new rows.
    const count = new Map<string, [number, number]>();
    for (const r of live) for (const [x, a] of r.coef) { const p = count.get(x) ?? [0, 0]; p[a.sign() > 0 ? 0 : 1]++; count.set(x, p); }
    let best = "", cost = Infinity;
    for (const [x, [p, n]] of count) if (p * n - p - n < cost) { cost = p * n - p - n; best = x; }
    const pos: Linear[] = [], neg: Linear[] = [], rest: Linear[] = [];
    for (const r of live) { const a = r.coef.get(best); (a ? (a.sign() > 0 ? pos : neg) : rest).push(r); }
    if (rest.length + pos.length * neg.length > MAX_CONSTRAINTS) return true;
    // a*x + P >= 0 (a > 0) and -b*x + N >= 0 (b > 0) give b*P + a*N >= 0.
    for (const p of pos) for (const n of neg) rest.push(normal(combine(p, n.coef.get(best)!.neg(), n, p.coef.get(best)!)));
    rows = rest;
  }
}

/**
 * The rows with `x` eliminated (Fourier-Motzkin): the rows without it, and for each pair of a
 * lower and an upper bound on it, their combination. Over the rationals the result is the exact
 * projection; over the integers it may hold points with no integer `x` (a superset, never less).
 */
export function eliminate(rows: readonly Linear[], x: string): Linear[] {
  const pos: Linear[] = [], neg: Linear[] = [], rest: Linear[] = [];
  for (const r of rows) { const a = r.coef.get(x); (a && !a.isZero() ? (a.sign() > 0 ? pos : neg) : rest).push(r); }
  for (const p of pos) for (const n of neg) rest.push(normal(combine(p, n.coef.get(x)!.neg(), n, p.coef.get(x)!)));
  return rest;
}

/** s*r + t*q, the zero coefficients dropped. */
function combine(r: Linear, s: Rational, q: Linear, t: Rational): Linear {
  const coef = new Map<string, Rational>();
  for (const [x, a] of r.coef) coef.set(x, a.mul(s));
  for (const [x, a] of q.coef) coef.set(x, (coef.get(x) ?? Rational.ZERO).add(a.mul(t)));
  for (const [x, a] of coef) if (a.isZero()) coef.delete(x);
  return { coef, c: r.c.mul(s).add(q.c.mul(t)) };
}

/** The same constraint with its coefficients scaled to coprime integers (the numbers stay small). */
export function normal(r: Linear): Linear {
  const coef = new Map([...r.coef].filter(([, a]) => !a.isZero()));
  if (!coef.size) return { coef, c: r.c };
  let den = 1n, g = 0n;
  const gcd = (a: bigint, b: bigint): bigint => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; };
  for (const a of [...coef.values(), r.c]) den = den / gcd(den, a.den) * a.den;
  const ints = [...coef.values()].map((a) => (a.num * den) / a.den);
  for (const a of ints) g = gcd(g, a);
  const scale = Rational.of(den, g || 1n);
  return { coef: new Map([...coef].map(([x, a]) => [x, a.mul(scale)])), c: r.c.mul(scale) };
}

/** A row with integer coefficients (each a safe integer), as `Linear` with numbers. */
interface Row { readonly coef: Map<string, number>; readonly c: number }

/** Thrown inside feasibleSmall when a value leaves the safe integers. */
const TOO_BIG = new Error("too big for floating-point integers");

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const safe = (v: number): number => { if (!Number.isSafeInteger(v)) throw TOO_BIG; return v; };

function gcdNumber(a: number, b: number): number {
  a = Math.abs(a); b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The row scaled by a positive factor to integers with no common divisor; null when it will not fit. */
function integerRow(r: Linear): Row | null {
  let den = 1n;
  for (const a of r.coef.values()) if (a.den !== 1n) den = lcm(den, a.den);
  if (r.c.den !== 1n) den = lcm(den, r.c.den);
  const coef = new Map<string, number>();
  const big = (q: Rational) => { const v = q.num * (den / q.den); return v > MAX_SAFE || v < -MAX_SAFE ? null : Number(v); };
  for (const [x, a] of r.coef) {
    if (a.isZero()) continue;
    const v = big(a);
    if (v === null) return null;
    coef.set(x, v);
  }
  const c = big(r.c);
  return c === null ? null : reduced(coef, c);
}

/** The row divided by the gcd of its entries (an empty row keeps only its constant's sign). */
function reduced(coef: Map<string, number>, c: number): Row {
  if (!coef.size) return { coef, c: Math.sign(c) };
  let g = Math.abs(c);
  for (const a of coef.values()) g = gcdNumber(g, a);
  if (g <= 1) return { coef, c };
  for (const [x, a] of coef) coef.set(x, a / g);
  return { coef, c: c / g };
}

/** s*r + t*q (integers), the zero coefficients dropped, reduced. */
function combineSmall(r: Row, s: number, q: Row, t: number): Row {
  const coef = new Map<string, number>();
  for (const [x, a] of r.coef) coef.set(x, safe(a * s));
  for (const [x, a] of q.coef) coef.set(x, safe((coef.get(x) ?? 0) + safe(a * t)));
  for (const [x, a] of coef) if (a === 0) coef.delete(x);
  return reduced(coef, safe(safe(r.c * s) + safe(q.c * t)));
}

/**
 * feasibleRational's elimination on integer rows (the same variable chosen at each step, so
 * the same answer, MAX_CONSTRAINTS included); null when a value would not be a safe integer.
 */
function feasibleSmall(eqs: readonly Linear[], ges: readonly Linear[]): boolean | null {
  let rows: Row[] = [];
  let equal: Row[] = [];
  for (const g of ges) { const r = integerRow(g); if (!r) return null; rows.push(r); }
  for (const e of eqs) { const r = integerRow(e); if (!r) return null; equal.push(r); }
  try {
    while (equal.length) {
      const e = equal.pop()!;
      const x = [...e.coef.keys()][0];
      if (x === undefined) { if (e.c !== 0) return false; continue; }
      const k = e.coef.get(x)!;
      // |k|*r - sign(k)*a*e: x eliminated, r scaled by |k| > 0 (an inequality keeps its sense).
      const sub = (r: Row): Row => {
        const a = r.coef.get(x);
        return a ? combineSmall(r, Math.abs(k), e, -Math.sign(k) * a) : r;
      };
      equal = equal.map(sub);
      rows = rows.map(sub);
    }
    for (;;) {
      check();
      const live = rows.filter((r) => r.coef.size || r.c < 0);
      if (live.some((r) => !r.coef.size)) return false;
      if (!live.length) return true;
      const count = new Map<string, [number, number]>();
      for (const r of live) for (const [x, a] of r.coef) { const p = count.get(x) ?? [0, 0]; p[a > 0 ? 0 : 1]++; count.set(x, p); }
      let best = "", cost = Infinity;
      for (const [x, [p, n]] of count) if (p * n - p - n < cost) { cost = p * n - p - n; best = x; }
      const pos: Row[] = [], neg: Row[] = [], rest: Row[] = [];
      for (const r of live) { const a = r.coef.get(best); (a ? (a > 0 ? pos : neg) : rest).push(r); }
      if (rest.length + pos.length * neg.length > MAX_CONSTRAINTS) return true;
      for (const p of pos) for (const n of neg) rest.push(combineSmall(p, -n.coef.get(best)!, n, p.coef.get(best)!));
      rows = rest;
    }
  } catch (e) {
    if (e === TOO_BIG) return null;
    throw e;
  }
}
