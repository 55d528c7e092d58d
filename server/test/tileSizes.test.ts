// Tile sizes from the cost model (optimize/tileSizes.ts): the candidates per loop as data, the
// order of preference, and the sizes `--tile` with size 0 and the offered tile actions pick on
// targets with caches. Expectations are derived by hand from the cache sizes (see each case);
// the gcc differential tests (transform.test.ts) run the picked tiles on every sample.

import { describe, expect, it } from "vitest";
import { shippedTarget, type Target } from "../src/engine";
import { candidateSizes, compareScores } from "../src/engine/optimize/tileSizes";
import { getEngine, readSample } from "./helpers/engine";
import { FULL, sampled } from "./helpers/sample";

describe("candidate sizes", () => {
  // Powers of two from 8 below the trip count, and the divisor nearest each (within a quarter).
  it.each([
    [8, []],                                 // nothing smaller than the loop is worth a tile
    [9, [8]],
    [20, [8, 10, 16]],                       // 10 divides 20 and is within 2 of 8; 16's nearest divisor (10) is too far
    [48, [8, 16, 24, 32]],                   // 24 divides 48, within 8 of 32
    [1024, [8, 16, 32, 64, 128, 256, 512]],  // never the whole loop (1024)
  ])("trip %i -> %j", (trip, sizes) => {
    expect(candidateSizes(trip)).toEqual(sizes);
    for (const s of candidateSizes(trip)) expect(s).toBeLessThan(trip);
  });
});

describe("order of preference", () => {
  it("a lower time wins; equal times go to fewer bytes at the outermost level that differs, then to larger tiles", () => {
    expect(compareScores({ seconds: 1, bytes: [9, 9] }, { seconds: 2, bytes: [1, 1] }, [8], [8])).toBeLessThan(0);
    expect(compareScores({ seconds: 1, bytes: [100, 5] }, { seconds: 1.001, bytes: [100, 9] }, [8], [8])).toBeLessThan(0);
    expect(compareScores({ seconds: 1, bytes: [100, 9] }, { seconds: 1, bytes: [50, 1] }, [8], [8])).toBeGreaterThan(0);
    expect(compareScores({ seconds: 1, bytes: [1, 1] }, { seconds: 1, bytes: [1, 1] }, [64, 64], [16, 16])).toBeLessThan(0);
  });
});

const target = (name: string): Target => shippedTarget(name)!;
const SIZE = { M: 512, N: 512, P: 512 };

/** The i,k,j matmul of samples/matmul.c at 512^3 (after --layout), tiled with size 0 on `t`
 *  (once per target: two tests ask for the A53's). */
const tiled = new Map<string, ReturnType<typeof tiledMatmulOnce>>();
const tiledMatmul = (t: Target) => { if (!tiled.has(t.name)) tiled.set(t.name, tiledMatmulOnce(t)); return tiled.get(t.name)!; };
async function tiledMatmulOnce(t: Target) {
  const engine = await getEngine();
  const split = engine.transform(readSample("matmul.c"), { kind: "layout", nest: "matmul:19" }, { defines: SIZE });
  if (!split.ok) throw new Error(split.reason);
  const compute = engine.analyze(split.text, { defines: SIZE, target: t }).nests.find((n) => n.loops.length === 3)!;
  const r = engine.transform(split.text, { kind: "tile", nest: compute.id, sizes: { i: 0, k: 0, j: 0 } }, { defines: SIZE, target: t });
  if (!r.ok) throw new Error(r.reason);
  const after = engine.analyze(r.text, { defines: SIZE, target: t }).nests.find((n) => n.line === compute.line)!;
  return { before: compute, after, sizes: r.tileSizes!, notes: r.notes };
}

describe("--tile with size 0 on a target with caches", () => {
  it("Cortex-A53, 512^3 matmul: a tile whose B block fits L2, predicted well over 2x faster than the untiled i,k,j order", async () => {
    // Untiled, B (1 MiB) does not fit the 512 KiB L2: every i streams it from DRAM again,
    // 512 x 1 MiB = 512 MiB at 3.6 GB/s ~ 150 ms, against 56 ms of compute. A tile that keeps
    // its Tk x Tj block of B in L2 reads B once per i tile: memory time falls under compute.
    const { before, after, sizes, notes } = await tiledMatmul(target("Cortex-A53"));
    expect(before.roofline.limiter).toBe("DRAM");
    expect(sizes.k * sizes.j * 4).toBeLessThanOrEqual(512 * 1024);
    expect(after.estimate.seconds! * 2).toBeLessThan(before.estimate.seconds!);
    for (const v of ["i", "k", "j"]) expect(sizes[v]).toBeLessThan(512);
    expect(notes.some((n) => /tile sizes from the cache model of Cortex-A53/.test(n))).toBe(true);
  });
  it("the sizes follow the target's caches: Cortex-M7's 16 KiB L1 (its only cache) gets a smaller B block than the A53's L2", async () => {
    const m7 = (await tiledMatmul(target("Cortex-M7"))).sizes, a53 = (await tiledMatmul(target("Cortex-A53"))).sizes;
    expect(m7.k * m7.j * 4).toBeLessThanOrEqual(16 * 1024);
    expect(m7.k * m7.j).toBeLessThan(a53.k * a53.j);
  });
  it("without a cache model (the default target) size 0 keeps the fixed 32 KiB L1 cube", async () => {
    const engine = await getEngine();
    const split = engine.transform(readSample("matmul.c"), { kind: "layout", nest: "matmul:19" }, { defines: SIZE });
    if (!split.ok) throw new Error(split.reason);
    const r = engine.transform(split.text, { kind: "tile", nest: "matmul:25", sizes: { i: 0, k: 0, j: 0 } }, { defines: SIZE });
    expect(r.ok && r.tileSizes).toEqual({ i: 32, k: 32, j: 32 });
  });
});

describe("offered tile actions on the samples (Cortex-A53)", () => {
  // npm test: matmul.c and about one in 5 of the others (by name, helpers/sample.ts);
  // LOOPSMITH_FULL=1 (a step of .ci/run): all six.
  const files = sampled(["matmul.c", "conv.c", "stencil.c", "depthwise.c", "pooling.c", "fc.c"], (f) => f, 5, (f) => f === "matmul.c");
  it(`carry explicit sizes, each below its loop's trip count, and title them (${FULL ? "" : "a sample: "}${files.join(", ")})`, async () => {
    const engine = await getEngine();
    let offered = 0;
    for (const f of files) {
      const text = readSample(f);
      const doc = engine.open(text, { target: target("Cortex-A53") });
      for (const nest of doc.report().nests) for (const loop of nest.allLoops) {
        for (const o of doc.actionsAt(loop.start + 1)) {
          if (o.id !== "tile" || !o.ok || o.spec.kind !== "tile") continue;
          offered++;
          for (const [v, s] of Object.entries(o.spec.sizes)) {
            const trip = nest.allLoops.find((l) => l.var === v)!.tripCount.value!;
            expect(s, `${f} ${o.title}`).toBeGreaterThan(0);
            expect(s, `${f} ${o.title}`).toBeLessThan(trip);
            expect(o.title).toContain(`${v} by ${s}`);
          }
        }
      }
    }
    expect(offered).toBeGreaterThan(3);
  });
});
