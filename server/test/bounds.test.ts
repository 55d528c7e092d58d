// Property test of the bounds of a reordered triangular band (analysis/bounds.ts through
// --permute): random bands of two or three loops whose bounds name outer counters (`b = a + 1`,
// `c <= b`, `b < n - a`) are permuted to every order, and the iterations the rewritten headers
// run (evaluated here, for n from 0 to 7) must be exactly the original ones. The body writes a
// distinct element per iteration, so every order is legal; a refusal must name its reason.
// Reproduce a failure: the message prints the seed and the source.

import { describe, expect, it } from "vitest";
import type { TransformSpec } from "../src/engine";
import { getEngine } from "./helpers/engine";
import { mulberry32 } from "./helpers/prng";

const VARS = ["a", "b", "c"];
const CASES = 60;

interface Header { readonly v: string; readonly init: string; readonly cond: string; readonly step: number }

function randomBand(seed: number): { src: string; vars: string[] } {
  const next = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const depth = next() < 0.5 ? 2 : 3;
  const vars = VARS.slice(0, depth);
  const lines: string[] = [];
  vars.forEach((v, k) => {
    const outer = vars.slice(0, k);
    const o = outer.length ? pick(outer) : null;
    const lo = o ? pick(["0", "1", o, `${o} + 1`]) : pick(["0", "1"]);
    const hi = o ? pick(["n", "n - 1", o, `${o} + 2`, `n - ${o}`]) : pick(["n", "n + 1"]);
    lines.push(`${"    ".repeat(k + 1)}for (int ${v} = ${lo}; ${v} ${pick(["<", "<="])} ${hi}; ${v}++)`);
  });
  const src = `double T[12][12][12];\n\nvoid f(int n)\n{\n${lines.join("\n")}\n${"    ".repeat(depth + 1)}T[${vars.map((v) => `${v} + 1`).join("][")}] = 1.0;\n}\n`;
  return { src, vars };
}

function headers(text: string): Header[] {
  return [...text.matchAll(/for \((?:int )?(\w+) = ([^;]+); ([^;]+); \w+(?:\+\+| \+= (\d+))\)/g)].map((m) => ({ v: m[1], init: m[2], cond: m[3], step: m[4] ? Number(m[4]) : 1 }));
}

/** The iteration points the headers run for size n, as sorted "a,b,c" keys (C's integer ops are JavaScript's here: + - * < <= ?: &&). */
function points(hs: readonly Header[], n: number, order: readonly string[]): string[] {
  const out: string[] = [];
  const env: Record<string, number> = { n };
  let budget = 100_000;
  const ev = (e: string) => Function(...Object.keys(env), `return (${e});`)(...Object.values(env)) as number;
  const walk = (k: number) => {
    if (k === hs.length) { out.push(order.map((v) => env[v]).join(",")); return; }
    for (env[hs[k].v] = ev(hs[k].init); ev(hs[k].cond); env[hs[k].v] += hs[k].step) {
      if (--budget < 0) throw new Error("more than 100,000 iterations: a bound does not stop");
      walk(k + 1);
    }
    delete env[hs[k].v];
  };
  walk(0);
  return out.sort();
}

function orders(xs: readonly string[]): string[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe("reordered triangular bands run exactly the original iterations", () => {
  it(`${CASES} random bands, every order`, async () => {
    const engine = await getEngine();
    let applied = 0, refused = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { src, vars } = randomBand(seed);
      const before = headers(src);
      for (const order of orders(vars).slice(1)) {
        const spec: TransformSpec = { kind: "permute", nest: "f:5", order };
        const r = engine.transform(src, spec, {});
        if (!r.ok) {
          refused++;
          expect(r.reason, `seed ${seed} ${order}: ${src}`).toMatch(/division|no (lower|upper) bound|already/);
          continue;
        }
        applied++;
        const after = headers(r.text);
        expect(after.map((h) => h.v), `seed ${seed}`).toEqual(order);
        for (let n = 0; n <= 7; n++) expect(points(after, n, vars), `seed ${seed} order ${order} n=${n}\n${src}\n${r.text}`).toEqual(points(before, n, vars));
      }
    }
    console.log(`bounds: ${applied} applied, ${refused} refused`);
    // Most bands reorder (a refusal is a bound needing a division).
    expect(applied).toBeGreaterThan(refused * 4);
  });
});

describe("tiled triangular bands run exactly the original iterations", () => {
  it(`${CASES} random bands, random tile sizes`, async () => {
    const engine = await getEngine();
    let applied = 0, refused = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { src, vars } = randomBand(seed);
      const next = mulberry32(seed * 7919);
      const before = headers(src);
      const from = Math.floor(next() * (vars.length - 1));
      const sizes = Object.fromEntries(vars.slice(from).map((v) => [v, 1 + Math.floor(next() * 3)]));
      const r = engine.transform(src, { kind: "tile", nest: "f:5", sizes }, {});
      if (!r.ok) {
        refused++;
        expect(r.reason, `seed ${seed} ${JSON.stringify(sizes)}: ${src}`).toMatch(/max or min|division|no (lower|upper) bound/);
        continue;
      }
      applied++;
      const after = headers(r.text);
      expect(after.length, `seed ${seed}`).toBe(vars.length + Object.keys(sizes).length);
      for (let n = 0; n <= 7; n++) expect(points(after, n, vars), `seed ${seed} sizes ${JSON.stringify(sizes)} n=${n}\n${src}\n${r.text}`).toEqual(points(before, n, vars));
    }
    console.log(`tiles: ${applied} applied, ${refused} refused`);
    expect(applied).toBeGreaterThan(refused * 4);
  });
});
