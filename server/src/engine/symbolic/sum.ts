// Closed-form sums over loop ranges (Faulhaber's formula), so a 10^10-iteration nest costs
// nothing to analyse. S_k(m) = sum_{v=1}^{m} v^k is a polynomial in m with
// S_k(m) - S_k(m-1) = m^k for every integer m, hence sum_{v=a}^{b} v^k = S_k(b) - S_k(a-1)
// for all integers a <= b + 1 (the empty range gives 0).
// Reference: Knuth, "Johann Faulhaber and sums of powers", Math. Comp. 61 (1993).

import { Poly } from "./poly";
import { Rational } from "./rational";

const bernoulliCache: Rational[] = [];
/** Bernoulli numbers with B1 = +1/2 (the convention that makes S_k below start at v = 1). */
function bernoulliPlus(n: number): Rational {
  while (bernoulliCache.length <= n) {
    const m = bernoulliCache.length;
    if (m === 0) { bernoulliCache.push(Rational.ONE); continue; }
    // sum_{j=0}^{m} C(m+1, j) B_j^- = 0  (standard recurrence, B1 = -1/2); convert at the end.
    let s = Rational.ZERO;
    for (let j = 0; j < m; j++) s = s.add(Rational.of(binom(m + 1, j)).mul(minus(j)));
    bernoulliCache.push(s.neg().div(Rational.of(m + 1)));
  }
  return n === 1 ? Rational.of(1n, 2n) : bernoulliCache[n];
  function minus(j: number): Rational { return bernoulliCache[j]; }
}

function binom(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

const powerSumCache = new Map<number, Rational[]>();
/** Coefficients c_i of S_k(m) = sum_i c_i m^i. */
function powerSumCoefficients(k: number): Rational[] {
  const hit = powerSumCache.get(k);
  if (hit) return hit;
  const c: Rational[] = Array.from({ length: k + 2 }, () => Rational.ZERO);
  // S_k(m) = 1/(k+1) * sum_{j=0}^{k} C(k+1, j) B_j^+ m^{k+1-j}
  for (let j = 0; j <= k; j++) c[k + 1 - j] = Rational.of(binom(k + 1, j)).mul(bernoulliPlus(j)).div(Rational.of(k + 1));
  powerSumCache.set(k, c);
  return c;
}

function powerSum(k: number, m: Poly): Poly {
  const c = powerSumCoefficients(k);
  let r = Poly.ZERO;
  let mp = Poly.ONE;
  for (let i = 0; i < c.length; i++) {
    if (!c[i].isZero()) r = r.add(mp.scale(c[i]));
    mp = mp.mul(m);
  }
  return r;
}

/**
 * sum_{v=lo}^{hi} f, for f polynomial in the symbol v (v must not occur inside a floor atom).
 * Returns null when f has v inside a floor term. Valid when lo <= hi + 1.
 */
export function sumOver(f: Poly, v: string, lo: Poly, hi: Poly): Poly | null {
  if (f.mentionsInsideFloor(v)) return null;
  const loMinus1 = lo.sub(Poly.ONE);
  let r = Poly.ZERO;
  const d = f.degreeIn(v);
  for (let k = 0; k <= d; k++) {
    const coef = f.coefficientOf(v, k);
    if (coef.isZero()) continue;
    r = r.add(coef.mul(powerSum(k, hi).sub(powerSum(k, loMinus1))));
  }
  return r;
}
