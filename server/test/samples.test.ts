// Every sample against figures derived by hand (server/test/data/expected/*.json, each with
// its derivation). These files were written from the loops, not from the engine's output.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, readSample, repoRoot } from "./helpers/engine";

interface Expected {
  sample: string;
  nests: {
    id: string;
    loops: { var: string; tripCount: number | string; value: number | null }[];
    iterations: number; macs: number; flops: number;
    flopsByKind: { add: number; mul: number; div: number; call: number };
    intOps: number;
    calls?: Record<string, number>;
    footprintElements: Record<string, number>;
    footprintBytes: number; compulsoryBytes: number;
    strides: { text: string; loop: string; elements: number; bytes: number }[];
  }[];
}

const dir = join(repoRoot, "server", "test", "data", "expected");
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const expected: Expected = JSON.parse(readFileSync(join(dir, file), "utf8"));
  describe(`sample ${expected.sample}`, () => {
    for (const e of expected.nests) {
      it(`${e.id}: counts, strides and footprints match the hand derivation`, async () => {
        const report = await analyze(readSample(expected.sample));
        const n = report.nests.find((x) => x.id === e.id);
        expect(n, `nest ${e.id} in ${report.nests.map((x) => x.id)}`).toBeDefined();
        if (!n) return;
        expect(n.loops.map((l) => l.var)).toEqual(e.loops.map((l) => l.var));
        for (const [i, l] of e.loops.entries()) {
          if (l.value !== null) expect(n.loops[i].tripCount.value, `trip of ${l.var}`).toBe(l.value);
          else expect(n.loops[i].tripCount.expr, `trip of ${l.var}`).toBe(l.tripCount);
        }
        expect(n.iterations.value).toBe(e.iterations);
        expect(n.macs.value).toBe(e.macs);
        expect(n.flops.value).toBe(e.flops);
        expect({
          add: n.flops.byKind.add.value, mul: n.flops.byKind.mul.value, div: n.flops.byKind.div.value, call: n.flops.byKind.call.value,
        }).toEqual(e.flopsByKind);
        expect(n.intOps.value).toBe(e.intOps);
        for (const [name, count] of Object.entries(e.calls ?? {})) expect(n.calls[name]?.value, `calls of ${name}`).toBe(count);
        expect(Object.fromEntries(n.arrays.map((a) => [a.name, a.footprintElements.value]))).toEqual(e.footprintElements);
        expect(n.footprintBytes.value).toBe(e.footprintBytes);
        expect(n.compulsoryBytes.value).toBe(e.compulsoryBytes);
        for (const s of e.strides) {
          const a = n.accesses.find((x) => x.text === s.text && s.loop in x.strides);
          expect(a, `access ${s.text} under loop ${s.loop}`).toBeDefined();
          expect(a!.strides[s.loop].elements, `stride of ${s.text} in ${s.loop}`).toBe(s.elements);
          expect(a!.strides[s.loop].bytes, `bytes stride of ${s.text} in ${s.loop}`).toBe(s.bytes);
        }
        expect(n.unknowns).toEqual([]);
      });
    }
  });
}
