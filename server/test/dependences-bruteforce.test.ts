// The dependence test against brute force: random affine nests (triangular bounds, steps of 2,
// coupled subscripts such as A[j][i] against A[i][j]) with bound sizes are run here, iteration
// by iteration, recording every element each reference touches. Every pair of accesses to one
// element, at least one a write, is a dependence from the earlier to the later; its direction
// vector over the two references' common loops (in each loop's iteration counter, the
// convention of analysis/dependences.ts) must be among the vectors the analysis reports for
// that source and sink. A missing one would let a rewrite reorder what it must not: the worst
// defect there is. The share of reported vectors no run realises is printed (precision).
//
// Reproduce: DEP_SEED=<seed> (printed on failure).

import { describe, expect, it } from "vitest";
import { Engine } from "../src/engine";
import { dependences, type Dependence, type Dir } from "../src/engine/analysis/dependences";
import { withLocals } from "../src/engine/ir/scope";
import { mulberry32 } from "./helpers/prng";

const engine = await Engine.create();
const SEED = Number(process.env.DEP_SEED ?? 20261203);
const NESTS = 150;
const N = 6, OFF = 20, EXTENT = 64;

/** A subscript: sum of coef * loop variable, plus a constant (OFF added when printed). */
interface Sub { readonly coefs: readonly number[]; readonly c: number }
interface LoopGen { readonly lower: { outer: number | null; c: number }; readonly upper: { outer: number | null; c: number; le: boolean }; readonly step: number }
interface Access { readonly array: "A" | "B"; readonly subs: readonly Sub[]; readonly write: boolean }
interface StmtGen { readonly depth: number; readonly write: Access; readonly reads: readonly Access[] }

const VARS = ["i", "j", "k"];

function generate(r: () => number): { loops: LoopGen[]; stmts: StmtGen[] } {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const depth = r() < 0.5 ? 2 : 3;
  const loops: LoopGen[] = [];
  for (let d = 0; d < depth; d++) {
    const outer = d > 0 && r() < 0.5 ? Math.floor(r() * d) : null;
    const tri = d > 0 && r() < 0.3 ? Math.floor(r() * d) : null;
    loops.push({
      lower: { outer, c: pick([0, 0, 1]) },
      upper: tri !== null ? { outer: tri, c: pick([0, 1, 2]), le: r() < 0.5 } : { outer: null, c: pick([0, -1]), le: false },
      step: r() < 0.15 ? 2 : 1,
    });
  }
  const sub = (d: number): Sub => ({ coefs: Array.from({ length: d }, () => pick([-1, 0, 0, 1, 1, 2])), c: pick([0, 0, 1, -1, 2]) });
  const access = (d: number, write: boolean): Access => {
    const array = r() < 0.75 ? "A" : "B";
    return { array, subs: Array.from({ length: array === "A" ? 2 : 1 }, () => sub(d)), write };
  };
  const stmts: StmtGen[] = [];
  const count = 1 + Math.floor(r() * 3);
  for (let s = 0; s < count; s++) {
    const d = r() < 0.75 ? depth : Math.max(1, depth - 1);
    stmts.push({ depth: d, write: access(d, true), reads: Array.from({ length: 1 + Math.floor(r() * 2) }, () => access(d, false)) });
  }
  return { loops, stmts };
}

function subText(s: Sub): string {
  const terms = s.coefs.flatMap((c, v) => (c === 0 ? [] : [c === 1 ? VARS[v] : c === -1 ? `-${VARS[v]}` : `${c}*${VARS[v]}`]));
  return `${terms.join(" + ").replace(/\+ -/g, "- ") || "0"} + ${s.c + OFF}`.replace(/^0 \+ /, "");
}
const accText = (a: Access) => `${a.array}${a.subs.map((s) => `[${subText(s)}]`).join("")}`;

/** The C text, and for every access its offset there (in statement order, the write last). */
function print(g: { loops: LoopGen[]; stmts: StmtGen[] }): { text: string; offsets: Map<Access, number> } {
  let text = `#define N ${N}\ndouble A[${EXTENT}][${EXTENT}], B[${EXTENT}];\nvoid f(void)\n{\n`;
  const offsets = new Map<Access, number>();
  const bound = (b: { outer: number | null; c: number }) => (b.outer === null ? `${b.c}` : `${VARS[b.outer]}${b.c ? ` + ${b.c}` : ""}`);
  const emit = (depth: number, indent: string) => {
    for (const s of g.stmts.filter((x) => x.depth === depth)) {
      text += indent;
      const lhs = accText(s.write);
      offsets.set(s.write, text.length);
      text += `${lhs} = `;
      s.reads.forEach((a, n) => { if (n) text += " + "; offsets.set(a, text.length); text += accText(a); });
      text += " + 1.0;\n";
    }
  };
  const open = (d: number, indent: string) => {
    if (d === g.loops.length) return;
    const l = g.loops[d], v = VARS[d];
    const upper = l.upper.outer === null ? `N${l.upper.c ? ` - ${-l.upper.c}` : ""}` : bound(l.upper);
    text += `${indent}for (int ${v} = ${bound(l.lower)}; ${v} ${l.upper.le ? "<=" : "<"} ${upper}; ${v} += ${l.step}) {\n`;
    emit(d + 1, `${indent}    `);
    open(d + 1, `${indent}    `);
    text += `${indent}}\n`;
  };
  open(0, "    ");
  text += "}\n";
  return { text, offsets };
}

interface Touch { readonly access: Access; readonly element: string; readonly counters: readonly number[]; readonly seq: number }

/** Runs the nest: every element each access touches, with the iteration counters of its loops. */
function run(g: { loops: LoopGen[]; stmts: StmtGen[] }): Touch[] {
  const out: Touch[] = [];
  let seq = 0;
  const vals: number[] = [], counters: number[] = [];
  const at = (s: Sub) => s.coefs.reduce((x, c, v) => x + c * vals[v], s.c + OFF);
  const stmtsAt = (depth: number) => {
    for (const s of g.stmts.filter((x) => x.depth === depth)) {
      for (const a of [...s.reads, s.write]) out.push({ access: a, element: `${a.array}:${a.subs.map(at).join(",")}`, counters: counters.slice(0, depth), seq: seq++ });
    }
  };
  const loop = (d: number) => {
    if (d === g.loops.length) return;
    const l = g.loops[d];
    const lo = (l.lower.outer === null ? 0 : vals[l.lower.outer]) + l.lower.c;
    const hi = l.upper.outer === null ? N + l.upper.c : vals[l.upper.outer] + l.upper.c;
    let t = 0;
    for (let v = lo; l.upper.le ? v <= hi : v < hi; v += l.step, t++) {
      vals[d] = v; counters[d] = t;
      stmtsAt(d + 1);
      loop(d + 1);
    }
  };
  loop(0);
  return out;
}

const covers = (reported: readonly (readonly Dir[])[], dv: readonly Dir[]) => reported.some((v) => v.every((d, k) => d === "*" || d === dv[k]));

describe("dependences against brute force", () => {
  it(`every realised dependence is reported, on ${NESTS} random affine nests (seed ${SEED})`, () => {
    const r = mulberry32(SEED);
    let pairs = 0, reportedVectors = 0, realisedVectors = 0, checked = 0;
    for (let n = 0; n < NESTS; n++) {
      const g = generate(r);
      const { text, offsets } = print(g);
      const { nests, bindings } = engine.lowerAll(text);
      expect(nests.length, text).toBe(1);
      const deps: Dependence[] = dependences(nests[0], withLocals(bindings, nests[0].locals));
      const touches = run(g);
      const byElement = new Map<string, Touch[]>();
      for (const t of touches) (byElement.get(t.element) ?? byElement.set(t.element, []).get(t.element)!).push(t);
      const realised = new Map<string, Set<string>>();
      for (const list of byElement.values()) {
        for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
          const [p, q] = [list[x], list[y]]; // p runs before q
          if (!p.access.write && !q.access.write) continue;
          if (p.access === q.access && p.seq === q.seq) continue;
          const common = Math.min(p.counters.length, q.counters.length);
          const dv = Array.from({ length: common }, (_, k): Dir => (q.counters[k] > p.counters[k] ? "<" : q.counters[k] < p.counters[k] ? ">" : "="));
          const key = `${offsets.get(p.access)}>${offsets.get(q.access)}`;
          (realised.get(key) ?? realised.set(key, new Set()).get(key)!).add(dv.join(""));
        }
      }
      for (const [key, dvs] of realised) {
        const [src, dst] = key.split(">").map(Number);
        const reported = deps.filter((d) => d.source.start === src && d.sink.start === dst).flatMap((d) => d.directions);
        for (const dv of dvs) {
          checked++;
          expect(covers(reported, [...dv] as Dir[]), `seed ${SEED}, nest ${n}: the dependence ${text.slice(src).split(/[ ;]/)[0]} -> ${text.slice(dst).split(/[ ;]/)[0]} with direction (${[...dv].join(", ")}) is not reported (reported: ${JSON.stringify(reported)})\n${text}`).toBe(true);
        }
        realisedVectors += dvs.size;
      }
      pairs += realised.size;
      reportedVectors += deps.reduce((s, d) => s + d.directions.length, 0);
    }
    console.log(`dependences vs brute force: ${NESTS} nests, ${pairs} realised source/sink pairs, ${checked} realised direction vectors all reported; ${reportedVectors} vectors reported (${realisedVectors} realised)`);
    expect(checked).toBeGreaterThan(NESTS);
  }, 120_000);
});
