// Deep nests (issue 8): the legality search is polynomial in nest depth. Dependence direction
// vectors are capped per pair (deeper levels stay '*', read as possibly '>'), bands over 7 loops
// search a greedy memory order and the orders of its 6 innermost loops; the answers stay sound.
// Requests can be bounded (engine Budget): past it the work stops and says "not computed".

import { describe, expect, it } from "vitest";
import { getEngine } from "./helpers/engine";
import type { Budget } from "../src/engine";

/** A d-deep nest over A[3]...[3] whose loops run i{d-1} outermost to i0 innermost (worst order). */
function reversedNest(d: number, stmt: (vs: string[]) => string): string {
  const vs = Array.from({ length: d }, (_, k) => `i${k}`);
  const dims = "[3]".repeat(d);
  const loops = [...vs].reverse().map((v, k) => `${"  ".repeat(k + 1)}for (int ${v} = 1; ${v} < 3; ${v}++)\n`).join("");
  return `float A${dims};\nfloat B[4];\nvoid f(void) {\n${loops}${"  ".repeat(d + 1)}${stmt(vs)}\n}\n`;
}
const sub = (vs: string[], f: (v: string, k: number) => string = (v) => v) => vs.map((v, k) => `[${f(v, k)}]`).join("");

describe("deep nests", () => {
  for (const d of [8, 14, 30]) {
    it(`a ${d}-deep nest: --layout finds the contiguous order quickly and the rewrite is the whole nest`, async () => {
      const e = await getEngine();
      const text = reversedNest(d, (vs) => `A${sub(vs)} = A${sub(vs, (v, k) => (k === 0 ? `${v} - 1` : v))} + 1.0f;`);
      const t0 = performance.now();
      const r = e.transform(text, { kind: "layout", nest: `f:${4}` });
      const ms = performance.now() - t0;
      expect(r.ok, r.ok ? "" : r.reason).toBe(true);
      if (!r.ok) return;
      expect(r.title).toContain("-> 1");
      // The innermost loop is now the last dimension's: i{d-1}; the dependence (on i0) is kept in order.
      const headers = [...r.text.matchAll(/for \(int (i\d+)/g)].map((m) => m[1]);
      expect(headers).toHaveLength(d);
      expect(headers[d - 1]).toBe(`i${d - 1}`);
      expect(new Set(headers).size).toBe(d);
      expect(ms).toBeLessThan(10_000); // was exponential: over 30 s at 14 levels (generous for a loaded machine)
    });
  }

  it("a dependence in every direction over 8 loops: the unrefined inner levels still refuse a swap there", async () => {
    const e = await getEngine();
    // B[0] is written and read in every iteration, not as a reduction: every order change is illegal.
    const text = reversedNest(8, (vs) => `B[0] = A${sub(vs)} - B[0] * B[0];`);
    const { nests } = e.lowerAll(text);
    const inner = nests[0];
    const vars = ["i7", "i6", "i5", "i4", "i3", "i2", "i0", "i1"]; // swaps the two innermost loops
    const r = e.transform(text, { kind: "permute", nest: inner.id, order: vars });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.blockers.join("\n")).toMatch(/dependence on B/);
  });

  it("a 30-deep nest with an unanalysable subscript: every rewrite is refused, in well under a second per offer", async () => {
    const e = await getEngine();
    const text = reversedNest(30, (vs) => `A${sub(vs, (v, k) => (k === 0 ? `(int)B[${v}]` : v))} += A${sub(vs)};`);
    const doc = e.open(text);
    const t0 = performance.now();
    const offers = doc.actionsAt(text.indexOf("for (int i29") + 1);
    expect(performance.now() - t0).toBeLessThan(20_000);
    for (const kind of ["interchange", "layout", "tile", "unrollJam"]) {
      const o = offers.find((x) => x.id === kind);
      if (o) expect(o.ok, `${kind}: ${o.title}`).toBe(false);
    }
  });
});

describe("budgets", () => {
  const spent: Budget = { isCancelled: () => true };
  const text = reversedNest(3, (vs) => `A${sub(vs)} = A${sub(vs, (v, k) => (k === 0 ? `${v} - 1` : v))} + 1.0f;`);

  it("actions offered under a budget that runs out are listed disabled, 'not computed', never wrong", async () => {
    const doc = (await getEngine()).open(text);
    const at = text.indexOf("for (int i2") + 1;
    const full = doc.actionsAt(at);
    expect(full.some((o) => o.ok)).toBe(true);
    // Spent at once: not even the function is read, nothing is offered.
    expect(doc.actionsAt(at, spent)).toEqual([]);
    // Spent part-way (after k checks): each offer is either the unbudgeted answer or 'not computed'.
    let sawCut = false;
    for (const k of [4, 8, 16, 32, 64]) {
      let n = 0;
      const offers = doc.actionsAt(at, { isCancelled: () => ++n > k });
      for (const o of offers) {
        const same = full.find((f) => f.title === o.title && f.ok === o.ok);
        if (!same) { expect(o.ok).toBe(false); expect(o.reason).toMatch(/^not computed/); sawCut = true; }
      }
    }
    expect(sawCut).toBe(true);
  });

  it("a rewrite applied under a spent budget is refused with 'not computed'; the figures are unaffected", async () => {
    const doc = (await getEngine()).open(text);
    const r = doc.apply({ kind: "layout", nest: "f:4" }, spent);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^not computed/);
    expect(doc.report().nests[0].iterations.value).toBe(8);
    expect(doc.apply({ kind: "layout", nest: "f:4" }).ok).toBe(true);
  });

  it("a spec naming a line far past the end of the file is refused at once", async () => {
    const doc = (await getEngine()).open(text);
    const t0 = performance.now();
    const r = doc.apply({ kind: "layout", nest: "f:3000000000" });
    expect(r.ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
