// The traffic model (analysis/traffic.ts) against an LRU simulator of the same nests
// (helpers/lru.ts): the simulator walks the real address trace for small sizes, so every
// expected figure is counted, never copied from the model. Tolerances are per kernel in
// data/traffic/kernels.c (`expect: exact` where the model is exact: streams, strided walks,
// everything fitting; a relative error elsewhere).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Nest } from "../src/engine/ir/types";
import type { Bindings } from "../src/engine/symbolic/poly";
import { withLocals } from "../src/engine/ir/scope";
import { inSequence, trafficOf, type CacheGeometry } from "../src/engine/analysis/traffic";
import { getEngine, repoRoot } from "./helpers/engine";
import { simulate } from "./helpers/lru";
import { firstOfEach, sampled, sizeFor } from "./helpers/sample";

const data = (f: string) => readFileSync(join(repoRoot, "server", "test", "data", "traffic", f), "utf8");

const GEOMETRIES: Record<string, CacheGeometry[]> = {
  "32K/8w/64 + 256K/8w": [{ level: "L1", sizeBytes: 32768, ways: 8, lineBytes: 64 }, { level: "L2", sizeBytes: 262144, ways: 8, lineBytes: 64 }],
  "16K/4w/32 + 128K/8w": [{ level: "L1", sizeBytes: 16384, ways: 4, lineBytes: 32 }, { level: "L2", sizeBytes: 131072, ways: 8, lineBytes: 32 }],
  "8K/8w/64 + 1M/16w": [{ level: "L1", sizeBytes: 8192, ways: 8, lineBytes: 64 }, { level: "L2", sizeBytes: 1 << 20, ways: 16, lineBytes: 64 }],
};

async function nests(text: string, defines: Record<string, number> = {}): Promise<{ nests: Nest[]; bindings: Bindings }> {
  const { nests, bindings } = (await getEngine()).lowerAll(text, { defines });
  return { nests, bindings };
}

/** The model as the trace runs it (no compiler vectorisation): misses per level. */
function model(n: Nest, b: Bindings, g: CacheGeometry[]): number[] {
  return trafficOf(n, withLocals(b, n.locals), g, { vectorBytes: 0 }).levels.map((l) => l.misses.value ?? NaN);
}

const within = (got: number, want: number, tol: number) => Math.abs(got - want) <= tol * want;

/** The simulator's run of function `fn` of data file `file` on geometry `gname`, once: the
 *  walks of the tiled and untiled matmuls take seconds, and two describes ask for them. */
const simulated = new Map<string, ReturnType<typeof simulate>>();
function simulateOnce(file: string, n: Nest, b: Bindings, gname: string): ReturnType<typeof simulate> {
  const key = `${file} ${n.function} ${gname}`;
  let r = simulated.get(key);
  if (!r) simulated.set(key, (r = simulate(n, b, GEOMETRIES[gname])));
  return r;
}

describe("the model against an LRU simulator (data/traffic/kernels.c)", async () => {
  const text = data("kernels.c");
  const { nests: all, bindings } = await nests(text);
  const expectOf = new Map([...text.matchAll(/\/\/ expect: (\S+)[^\n]*\n(?:\/\/.*\n)*void (\w+)/g)].map((m) => [m[2], m[1]]));
  it("every kernel states its tolerance", () => {
    expect(all.map((n) => n.function).filter((f) => !expectOf.has(f))).toEqual([]);
  });
  // npm test: each kernel at one geometry (a different one from kernel to kernel) and about one
  // in GEOMETRY_SAMPLE of the other pairs (by name, helpers/sample.ts); LOOPSMITH_FULL=1 (a step
  // of .ci/run): every kernel at every geometry.
  const GEOMETRY_SAMPLE = 4;
  const names = Object.keys(GEOMETRIES);
  const pairs = all.flatMap((n, i) => names.map((_, j) => ({ n, gname: names[(i + j) % names.length] })));
  const pairName = (p: { n: Nest; gname: string }) => `${p.n.function} at ${p.gname}`;
  for (const { n, gname } of sampled(pairs, pairName, GEOMETRY_SAMPLE, firstOfEach(pairs, (p) => p.n.function))) {
    const g = GEOMETRIES[gname];
    const tol = expectOf.get(n.function)!;
    {
      it(`${n.function} at ${gname}: ${tol === "exact" ? "exact" : `within ${Number(tol) * 100}%`}`, () => {
        const sim = simulateOnce("kernels.c", n, bindings, gname);
        const got = model(n, bindings, g);
        for (const level of [0, 1]) {
          if (tol === "exact") expect(got[level], `level ${level + 1}`).toBe(sim.misses[level]);
          else expect(within(got[level], sim.misses[level], Number(tol)), `level ${level + 1}: model ${got[level]} vs simulated ${sim.misses[level]}`).toBe(true);
        }
      });
    }
  }
});

describe("loop order", () => {
  it("ranks matmul's six loop orders as the simulator does", async () => {
    const { nests: ns, bindings } = await nests(data("matmul-orders.c"));
    expect(ns.map((n) => n.function)).toEqual(["mm_ijk", "mm_ikj", "mm_jik", "mm_jki", "mm_kij", "mm_kji"]);
    // npm test: the small L1 (where the orders differ most); LOOPSMITH_FULL=1: both geometries.
    for (const g of sizeFor([GEOMETRIES["8K/8w/64 + 1M/16w"]], [GEOMETRIES["32K/8w/64 + 256K/8w"], GEOMETRIES["8K/8w/64 + 1M/16w"]])) {
      const sim = ns.map((n) => simulate(n, bindings, g).misses[0]);
      const got = ns.map((n) => model(n, bindings, g)[0]);
      // No pair the model orders against the simulator (a difference under 2% is a tie).
      for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++)
        if (sim[a] < 0.98 * sim[b]) expect(got[a] <= got[b] * 1.02, `${ns[a].function} (${sim[a]}) < ${ns[b].function} (${sim[b]}) simulated; model ${got[a]} vs ${got[b]}`).toBe(true);
      // The orders do differ: j innermost (unit stride in B and C) beats i innermost (columns).
      expect(got[1]).toBeLessThan(got[3]);
      expect(got[4]).toBeLessThan(got[5] + 1);
    }
  }, 60_000);

  it("tells every order of the conv sample apart from the written one where the caches are small", async () => {
    // Reordered inner loops (k,i,j instead of i,j,k) walk I and W contiguously.
    const src = readFileSync(join(repoRoot, "samples", "conv.c"), "utf8");
    const reordered = src.replace(/for \(i = 0; i < K; i\+\+\) \{\s*for \(j = 0; j < K; j\+\+\) \{\s*for \(k = 0; k < C; k\+\+\) \{/, "for (k = 0; k < C; k++) { for (i = 0; i < K; i++) { for (j = 0; j < K; j++) {");
    expect(reordered).not.toBe(src);
    const g = GEOMETRIES["16K/4w/32 + 128K/8w"];
    const a = await nests(src), b = await nests(reordered);
    const before = model(a.nests[0], a.bindings, g)[0], after = model(b.nests[0], b.bindings, g)[0];
    const simBefore = simulate(a.nests[0], a.bindings, g).misses[0], simAfter = simulate(b.nests[0], b.bindings, g).misses[0];
    expect(Math.sign(after - before)).toBe(Math.sign(simAfter - simBefore));
    expect(within(before, simBefore, 0.1)).toBe(true);
    expect(within(after, simAfter, 0.1)).toBe(true);
  });

  it("tiling matmul cuts L1 misses, as simulated", async () => {
    const { nests: ns, bindings } = await nests(data("kernels.c"));
    const tiled = ns.find((n) => n.function === "mm_tiled")!, plain = ns.find((n) => n.function === "mm_untiled")!;
    const gname = "8K/8w/64 + 1M/16w", g = GEOMETRIES[gname];
    expect(tiled.root.body.length).toBe(1);
    const t = model(tiled, bindings, g)[0], p = model(plain, bindings, g)[0];
    expect(t * 10).toBeLessThan(p);
    expect(simulateOnce("kernels.c", tiled, bindings, gname).misses[0] * 10).toBeLessThan(simulateOnce("kernels.c", plain, bindings, gname).misses[0]);
  });
});

describe("line granularity", () => {
  const stream = (stride: number) => `float X[65536]; void f(void) { for (int i = 0; i < 65536; i += ${stride}) X[i] = 1.0f; }`;
  for (const line of [32, 64, 128]) {
    it(`a stream fills one ${line} B line per ${line / 4} floats; a walk with stride >= line fills one per element`, async () => {
      const g: CacheGeometry[] = [{ level: "L1", sizeBytes: 8192, ways: 4, lineBytes: line }];
      for (const stride of [1, 2, 4, 8, 16, 32, 64]) {
        const { nests: ns, bindings } = await nests(stream(stride));
        const got = model(ns[0], bindings, g)[0];
        const elements = 65536 / stride;
        const want = stride * 4 >= line ? elements : (65536 * 4) / line;
        expect(got, `stride ${stride}`).toBe(want);
        expect(got).toBe(simulate(ns[0], bindings, g).misses[0]);
      }
    });
  }

  it("dramBytes is the last level's misses times its line; write-backs are the dirty lines", async () => {
    const { nests: ns, bindings } = await nests(data("kernels.c"));
    const copy = ns.find((n) => n.function === "copy")!;
    const g = GEOMETRIES["16K/4w/32 + 128K/8w"];
    const t = trafficOf(copy, bindings, g);
    const sim = simulate(copy, bindings, g);
    expect(t.levels.map((l) => l.level)).toEqual(["L1", "L2"]);
    expect(t.dramBytes.value).toBe(sim.misses[1] * 32);
    expect(t.levels[1].bytes.value).toBe(sim.misses[1] * 32);
    expect(t.writebackBytes.value).toBe(sim.writebacks * 32);
    expect(t.writebackBytes.value).toBe(4096 * 4); // Y only
    expect(t.method).toMatch(/Kerncraft/);
  });

  it("a reference under a condition on data: unknown in a report, as if always made when pricing rewrites", async () => {
    const g = GEOMETRIES["32K/8w/64 + 256K/8w"];
    const guarded = (await nests("float a[100000]; int b[100000];\nvoid f(void) { for (int i = 0; i < 100000; i++) if (a[i] > 0) b[i] = i; }\n")).nests[0];
    const always = await nests("float a[100000]; int b[100000];\nvoid f(void) { for (int i = 0; i < 100000; i++) { if (a[i] > 0) {} b[i] = i; } }\n");
    expect(trafficOf(guarded, new Map(), g).dramBytes.value).toBeNull();
    expect(trafficOf(guarded, new Map(), g).dramBytes.reason).toMatch(/depends on data/);
    const bound = trafficOf(guarded, new Map(), g, { dataGuards: "bound" });
    const plain = trafficOf(always.nests[0], always.bindings, g);
    expect(bound.dramBytes.value).toBe(plain.dramBytes.value);
    expect(bound.writebackBytes.value).toBe(100000 * 4);
    expect(bound.dramBytes.reason).toMatch(/an upper bound: .*a condition on data/);
  });
});

describe("associativity", () => {
  it("a power-of-two column conflicts in its few sets where an odd one fits", async () => {
    // Columns of 64 rows: a row of 1024 floats maps every element of a column to 1 of 64 sets at
    // 4 KiB per row (8 KiB 8-way, 16 sets of 64 B: every row lands in set 0): 64 lines in 8 ways.
    const src = (w: number) => `float A[64][${w}], S[${w}]; void f(void) { for (int j = 0; j < 16; j++) for (int i = 0; i < 64; i++) S[j] += A[i][j]; }`;
    const g: CacheGeometry[] = [{ level: "L1", sizeBytes: 8192, ways: 8, lineBytes: 64 }];
    const pow2 = await nests(src(1024)), odd = await nests(src(1040));
    const mp = model(pow2.nests[0], pow2.bindings, g)[0], mo = model(odd.nests[0], odd.bindings, g)[0];
    const sp = simulate(pow2.nests[0], pow2.bindings, g).misses[0], so = simulate(odd.nests[0], odd.bindings, g).misses[0];
    expect(sp).toBeGreaterThan(4 * so);
    expect(mp).toBeGreaterThan(4 * mo);
    expect(within(mp, sp, 0.1)).toBe(true);
    expect(within(mo, so, 0.1)).toBe(true);
  });
});

describe("compiler vectorisation (gcc -O2)", () => {
  it("an outer loop vectorised by 4 floats behaves as the strip-mined source", async () => {
    const plain = `#define N 120
float A[N][N], B[N][N], C[N][N];
void f(void) { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) for (int k = 0; k < N; k++) C[i][j] += A[i][k] * B[k][j]; }`;
    const strip = `#define N 120
float A[N][N], B[N][N], C[N][N];
void f(void) { for (int i = 0; i < N; i++) for (int jv = 0; jv < N; jv += 4) for (int k = 0; k < N; k++) for (int j = jv; j < jv + 4; j++) C[i][j] += A[i][k] * B[k][j]; }`;
    const g = GEOMETRIES["8K/8w/64 + 1M/16w"];
    const a = await nests(plain), b = await nests(strip);
    const vec = trafficOf(a.nests[0], a.bindings, g, { vectorBytes: 16 }).levels[0].misses.value!;
    const scalar = trafficOf(a.nests[0], a.bindings, g, { vectorBytes: 0 }).levels[0].misses.value!;
    const sim = simulate(b.nests[0], b.bindings, g).misses[0];
    expect(vec).toBeLessThan(scalar / 2);
    expect(within(vec, sim, 0.1)).toBe(true);
    expect(within(scalar, simulate(a.nests[0], a.bindings, g).misses[0], 0.1)).toBe(true);
  });
});

describe("unknown stays unknown", () => {
  const g = GEOMETRIES["32K/8w/64 + 256K/8w"];
  const reasonOf = async (src: string) => {
    const { nests: ns, bindings } = await nests(src);
    const t = trafficOf(ns[0], bindings, g);
    expect(t.levels[0].misses.value).toBeNull();
    expect(t.dramBytes.value).toBeNull();
    return t.levels[0].misses.reason ?? "";
  };
  it("an unbound size", async () => {
    expect(await reasonOf("void f(float *A, int n) { for (int i = 0; i < n; i++) A[i] = 0; }")).toMatch(/unbound symbol n/);
  });
  it("a non-affine subscript", async () => {
    expect(await reasonOf("float A[100]; void f(void) { for (int i = 0; i < 10; i++) A[i * i] = 0; }")).toMatch(/affine|product/);
  });
  it("a pointer-chased (indirect) reference", async () => {
    expect(await reasonOf("float A[100]; int idx[100]; void f(void) { for (int i = 0; i < 100; i++) A[idx[i]] += 1.0f; }")).not.toBe("");
  });
  it("a loop whose trip count is not known", async () => {
    expect(await reasonOf("float A[100]; void f(float *p) { for (int i = 0; A[i] > 0; i++) A[i] = 0; }")).not.toBe("");
  });
  it("no cache levels: no DRAM figure", async () => {
    const { nests: ns, bindings } = await nests("float A[100]; void f(void) { for (int i = 0; i < 100; i++) A[i] = 0; }");
    const t = trafficOf(ns[0], bindings, []);
    expect(t.levels).toEqual([]);
    expect(t.dramBytes.value).toBeNull();
  });
});

describe("cost", () => {
  it("a 10^10-iteration nest is modelled like a small one (no enumeration)", async () => {
    // Not a benchmark: an enumeration of 10^10 points would run for hours; this finishes at once.
    const src = "#define N 100000\nfloat A[N][N], x[N], y[N];\nvoid f(void) { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) y[i] += A[j][i] * x[j]; }";
    const { nests: ns, bindings } = await nests(src);
    const start = performance.now();
    const t = trafficOf(ns[0], bindings, GEOMETRIES["32K/8w/64 + 256K/8w"], { vectorBytes: 0 });
    expect(performance.now() - start).toBeLessThan(1000);
    // A column walk of 100000 rows (400 KB apart) misses on every element at both levels.
    expect(t.levels[0].misses.value).toBeGreaterThanOrEqual(1e10 * 0.99);
    expect(t.levels[1].misses.value).toBeGreaterThanOrEqual(1e10 * 0.99);
  });

  it("nests in sequence share what they leave in the cache", async () => {
    const src = "float A[1024], B[1024]; void f(void) { for (int i = 0; i < 1024; i++) B[i] = A[i]; for (int i = 0; i < 1024; i++) A[i] = B[i] * 2.0f; }";
    const { nests: ns, bindings } = await nests(src);
    const g = GEOMETRIES["32K/8w/64 + 256K/8w"];
    const seq = inSequence(ns);
    const both = model(seq, bindings, g)[0];
    expect(both).toBe(simulate(seq, bindings, g).misses[0]);
    expect(both).toBe(128); // 8 KiB of data, read once
    expect(model(ns[0], bindings, g)[0] + model(ns[1], bindings, g)[0]).toBe(256);
  });
});
