// Dependences carried by one loop of a nest: those between two references inside the loop
// whose direction vectors allow '=' on every loop around it and something other than '='
// on the loop itself (iterations of this loop, in one run of it, touch the same memory).
// Used by the pragma transformations (simd.ts, parallel.ts): a loop whose iterations may run
// in any order or at once may carry no dependence other than a reduction.

import type { Loop, Node, Stmt } from "../ir/types";
import type { Dependence } from "./dependences";

/** Loops strictly around `target` in the nest rooted at `root`, outermost first. */
export function loopsAround(root: Loop, target: Loop): Loop[] {
  const path: Loop[] = [];
  const find = (n: Node, stack: Loop[]): boolean => {
    if (n === target) { path.push(...stack); return true; }
    if (n.kind === "loop") return n.body.some((c) => find(c, [...stack, n]));
    if (n.kind === "if") return [...n.then, ...n.else].some((c) => find(c, stack));
    return false;
  };
  find(root, []);
  return path;
}

const inside = (l: Loop, p: { start: number }) => !!l.bodySpan && p.start >= l.bodySpan.start && p.start < l.bodySpan.end;

/** Dependences between references in `loop`'s body (the loops around it fixed). */
export function within(deps: readonly Dependence[], root: Loop, loop: Loop): { deps: Dependence[]; level: number } {
  const level = loopsAround(root, loop).length;
  const fixed = (d: Dependence) => d.directions.some((v) => v.slice(0, level).every((x) => x === "=" || x === "*"));
  return { deps: deps.filter((d) => inside(loop, d.source) && inside(loop, d.sink) && fixed(d)), level };
}

/** Those of `within` that `loop` carries: a direction other than '=' at its level. */
export function carriedBy(deps: readonly Dependence[], root: Loop, loop: Loop): Dependence[] {
  const w = within(deps, root, loop);
  return w.deps.filter((d) => d.directions.some((v) => v.slice(0, w.level).every((x) => x === "=" || x === "*") && v[w.level] !== "="));
}

/** The reduction statements (`x += ...`) of the loop's body, any depth, by target text. */
export function updatesIn(loop: Loop): Map<string, Stmt[]> {
  const out = new Map<string, Stmt[]>();
  const visit = (n: Node) => {
    if (n.kind === "stmt" && n.update) out.set(n.update.target, [...(out.get(n.update.target) ?? []), n]);
    else if (n.kind === "loop") n.body.forEach(visit);
    else if (n.kind === "if") [...n.then, ...n.else].forEach(visit);
  };
  loop.body.forEach(visit);
  return out;
}

/** OpenMP reduction operator of an update (`-=` partial results are added, as OpenMP's `-` does). */
export function reductionOperator(op: string): "+" | "*" | null {
  return op === "+=" || op === "-=" ? "+" : op === "*=" ? "*" : null;
}
