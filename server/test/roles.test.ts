// Tensor roles, layouts and access orders (analysis/roles.ts) against hand-derived answers:
// each data/roles/<name>.c has a sidecar <name>.json with the expected roles (exactly the loops
// that have one), reduction flags (exactly), layouts (null = must be absent), access order and,
// for some arrays, how the loops walk them. The negative fixtures (matmul, batched FC, stencil,
// gather, relu, a flat subscript that does not split) expect roles to be absent.

import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "./helpers/engine";

interface Expected {
  why: string;
  function: string;
  defines?: Record<string, number>;
  roles: Record<string, string>;
  reductions: string[];
  layouts: Record<string, string | null>;
  accessOrder: string | null;
  walks?: Record<string, { order: string; inLayoutOrder: boolean; stride: number; moves?: string }>;
}

const dir = join(__dirname, "data", "roles");
const names = readdirSync(dir).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();

describe("tensor roles", () => {
  it("has fixtures", () => expect(names.length).toBeGreaterThanOrEqual(15));
  for (const name of names) {
    it(name, async () => {
      const e: Expected = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
      const report = await analyze(readFileSync(join(dir, `${name}.c`), "utf8"), e.defines ?? {});
      const nest = report.nests.find((n) => n.function === e.function);
      expect(nest, `a nest in ${e.function}()`).toBeDefined();
      const got = Object.entries(nest!.roles);
      expect(Object.fromEntries(got.filter(([, r]) => r.role).map(([v, r]) => [v, r.role]))).toEqual(e.roles);
      expect(got.filter(([, r]) => r.reduction).map(([v]) => v).sort()).toEqual([...e.reductions].sort());
      for (const [, r] of got) expect(r.evidence.length).toBeGreaterThan(0);
      for (const [a, layout] of Object.entries(e.layouts)) {
        const arr = nest!.arrays.find((x) => x.name === a);
        expect(arr, `array ${a}`).toBeDefined();
        expect(arr!.layout ?? null, `layout of ${a}`).toBe(layout);
      }
      expect(nest!.accessOrder).toBe(e.accessOrder);
      for (const [a, w] of Object.entries(e.walks ?? {})) {
        const walk = nest!.arrays.find((x) => x.name === a)?.walk;
        expect(walk, `walk of ${a}`).toBeDefined();
        const moves = "moves" in w ? { moves: walk!.innermost.moves } : {};
        expect({ order: walk!.order, inLayoutOrder: walk!.inLayoutOrder, stride: walk!.innermost.stride?.elements, ...moves }).toEqual(w);
      }
    });
  }
});
