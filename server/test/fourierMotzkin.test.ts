// Fourier-Motzkin feasibility (analysis/fourierMotzkin.ts): the floating-point integer path
// must answer exactly as the bigint rational elimination on every system, including systems
// whose coefficients outgrow the safe integers (then it hands over to the rational path), and
// both must agree with a brute-force search on small boxes where the answer is known.

import { describe, expect, it } from "vitest";
import { feasible, feasibleRational, type Linear } from "../src/engine/analysis/fourierMotzkin";
import { Rational } from "../src/engine/symbolic/rational";

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const VARS = ["i", "j", "k", "t"];
const row = (coef: [string, Rational][], c: Rational): Linear => ({ coef: new Map(coef), c });

function randomSystem(r: () => number, scale: bigint): { eqs: Linear[]; ges: Linear[] } {
  const int = (m: number) => BigInt(Math.floor(r() * (2 * m + 1)) - m);
  const rat = (m: number) => { const d = BigInt(1 + Math.floor(r() * 3)); return Rational.of(int(m) * scale, d); };
  const lin = (): Linear => row(VARS.filter(() => r() < 0.6).map((x) => [x, rat(4)] as [string, Rational]), rat(9));
  // A box 0 <= x <= 5 keeps most systems bounded, so both answers occur.
  const box = VARS.flatMap((x) => [row([[x, Rational.ONE]], Rational.ZERO), row([[x, Rational.of(-1)]], Rational.of(5))]);
  return { eqs: Array.from({ length: Math.floor(r() * 2) }, lin), ges: [...box, ...Array.from({ length: 1 + Math.floor(r() * 4) }, lin)] };
}

describe("Fourier-Motzkin feasibility", () => {
  it("the integer path answers as the rational elimination (2,000 random systems, both answers seen)", () => {
    const r = rng(7);
    const seen = new Set<boolean>();
    for (let n = 0; n < 2000; n++) {
      const { eqs, ges } = randomSystem(r, 1n);
      const want = feasibleRational(eqs, ges);
      expect(feasible(eqs, ges), JSON.stringify({ n })).toBe(want);
      seen.add(want);
    }
    expect([...seen].sort()).toEqual([false, true]);
  });

  it("coefficients past 2^53 fall back to rationals with the same answer", () => {
    const r = rng(11);
    for (let n = 0; n < 200; n++) {
      const { eqs, ges } = randomSystem(r, 1n << 50n);
      expect(feasible(eqs, ges)).toBe(feasibleRational(eqs, ges));
    }
    // x >= 2^60 and x <= 2^60 - 1: infeasible, decided exactly.
    const huge = Rational.of(1n << 60n);
    expect(feasible([], [row([["x", Rational.ONE]], huge.neg()), row([["x", Rational.of(-1)]], huge.sub(Rational.ONE))])).toBe(false);
    expect(feasible([], [row([["x", Rational.ONE]], huge.neg()), row([["x", Rational.of(-1)]], huge)])).toBe(true);
  });

  it("agrees with a brute-force search where every rational solution is near an integer one (unit coefficients)", () => {
    const r = rng(3);
    for (let n = 0; n < 300; n++) {
      // x - y + c >= 0 style rows with unit coefficients over the box 0..5: vertices are integral.
      const pick = () => { const a = VARS[Math.floor(r() * 2)], b = VARS[2 + Math.floor(r() * 2)]; return row([[a, Rational.ONE], [b, Rational.of(-1)]], Rational.of(Math.floor(r() * 9) - 4)); };
      const box = VARS.flatMap((x) => [row([[x, Rational.ONE]], Rational.ZERO), row([[x, Rational.of(-1)]], Rational.of(5))]);
      const ges = [...box, pick(), pick(), pick()];
      let any = false;
      for (let p = 0; p < 6 ** 4 && !any; p++) {
        const v = new Map(VARS.map((x, k) => [x, Math.floor(p / 6 ** k) % 6]));
        any = ges.every((g) => [...g.coef].reduce((s, [x, a]) => s + a.toNumber() * v.get(x)!, g.c.toNumber()) >= 0);
      }
      expect(feasible([], ges)).toBe(any);
    }
  });
});
