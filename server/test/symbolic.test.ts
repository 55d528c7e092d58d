// Exact arithmetic: Faulhaber sums against brute-force sums, floor terms, printing.
import { describe, expect, it } from "vitest";
import { Poly } from "../src/engine/symbolic/poly";
import { Rational } from "../src/engine/symbolic/rational";
import { sumOver } from "../src/engine/symbolic/sum";

const N = Poly.symbol("N"), i = Poly.symbol("i");
const bind = (o: Record<string, number>) => new Map(Object.entries(o).map(([k, v]) => [k, Rational.of(v)]));

describe("sumOver (Faulhaber)", () => {
  it("matches brute-force sums of powers for k = 0..8 and many ranges", () => {
    for (let k = 0; k <= 8; k++) {
      const f = i.pow(k);
      for (const [lo, hi] of [[0, 0], [0, 9], [1, 13], [-5, 7], [3, 2], [-3, -1]]) {
        const s = sumOver(f, "i", Poly.constant(lo), Poly.constant(hi))!;
        let brute = 0n;
        for (let x = lo; x <= hi; x++) brute += BigInt(x) ** BigInt(k);
        expect(s.constantValue()!.equals(Rational.of(brute)), `k=${k} [${lo},${hi}]`).toBe(true);
      }
    }
  });
  it("gives the triangular count N*(N + 1)/2 for j <= i", () => {
    const s = sumOver(i.add(Poly.ONE), "i", Poly.ZERO, N.sub(Poly.ONE))!;
    expect(s.toString()).toBe("N*(N + 1)/2");
    expect(s.evaluate(bind({ N: 40 }))!.toNumber()).toBe(820);
  });
  it("refuses a summand with the variable inside a floor", () => {
    const f = Poly.floorDiv(N.sub(i), 2n);
    expect(sumOver(f, "i", Poly.ZERO, N)).toBeNull();
  });
  it("sums a 10^10-iteration domain without enumerating", () => {
    const s = sumOver(N.mul(N), "i", Poly.ZERO, Poly.constant(99_999))!;
    expect(s.evaluate(bind({ N: 316 }))!.toNumber()).toBe(316 * 316 * 100_000);
  });
});

describe("floorDiv", () => {
  it("folds constants with floor semantics", () => {
    expect(Poly.floorDiv(Poly.constant(-7), 2n).constantValue()!.toNumber()).toBe(-4);
    expect(Poly.floorDiv(Poly.constant(7), 2n).constantValue()!.toNumber()).toBe(3);
  });
  it("simplifies exact divisions and keeps the rest as a floor term", () => {
    expect(Poly.floorDiv(N.scale(Rational.of(4)).add(Poly.constant(5)), 4n).toString()).toBe("N + 1");
    const t = Poly.floorDiv(Poly.symbol("L").sub(Poly.constant(4)), 4n).add(Poly.ONE);
    expect(t.toString()).toBe("floor((L - 4)/4) + 1");
    expect(t.evaluate(bind({ L: 50 }))!.toNumber()).toBe(12);
  });
});

describe("printing", () => {
  it("orders symbols by first appearance and factors the common monomial", () => {
    const order = new Map([["N", 0], ["C", 1], ["K", 2]]);
    const p = Poly.symbol("K").mul(Poly.symbol("C")).mul(Poly.symbol("N")).mul(Poly.symbol("K"));
    expect(p.toString((s) => order.get(s) ?? 99)).toBe("N*C*K*K");
    expect(N.sub(Poly.constant(2)).mul(N).toString()).toBe("N*(N - 2)");
    expect(N.neg().toString()).toBe("-N");
    expect(Poly.constant(-3).toString()).toBe("-3");
    expect(N.mul(N).scale(Rational.of(-1n, 2n)).toString()).toBe("-N*N/2");
  });
});
