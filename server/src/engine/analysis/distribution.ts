// Legality of loop distribution (fission): copying the loops of an outer perfect band around
// each part of the last loop's body. Legal iff no dependence runs from a later part to an
// earlier one (after the split every instance of the earlier part runs first) and no
// variable declared inside the distributed loops is used by two parts (that would need
// scalar expansion). Shared by the fission transformation and the stride diagnostic.

import type { Loop, Node } from "../ir/types";
import { describe as describeDependence, type Dependence } from "./dependences";

export interface Part { readonly nodes: readonly Node[]; readonly start: number; readonly end: number }

/** Consecutive statements form one part; every loop is its own part. */
export function partsOf(body: readonly Node[]): Part[] {
  const parts: Part[] = [];
  let run: Node[] = [];
  const flush = () => { if (run.length) parts.push({ nodes: run, start: run[0].span.start, end: run[run.length - 1].span.end }); run = []; };
  for (const n of body) {
    if (n.kind === "loop") { flush(); parts.push({ nodes: [n], start: n.span.start, end: n.span.end }); }
    else run.push(n);
  }
  flush();
  return parts;
}

function scalarsOf(n: Node): { name: string; owner?: string; decl?: number }[] {
  if (n.kind === "stmt") return [...n.scalars];
  if (n.kind === "loop") return n.body.flatMap(scalarsOf);
  if (n.kind === "if") return [...n.cond.scalars, ...[...n.then, ...n.else].flatMap(scalarsOf)];
  return [];
}

/**
 * Why distributing `chain` (outer to inner) over its last loop's body parts is illegal; null
 * when legal. `given` overrides the parts (fusion checks the fused nest split at the seam).
 */
export function distributionBlockers(chain: readonly Loop[], deps: readonly Dependence[], given?: readonly Part[]): { reason: string; blockers: string[] } | null {
  const split = chain[chain.length - 1];
  const parts = given ?? partsOf(split.body);
  const distributed = new Set(chain.map((l) => l.var));
  const usedIn = new Map<string, Set<number>>();
  parts.forEach((p, i) => p.nodes.flatMap(scalarsOf).forEach((s) => {
    // Keyed by declaration too: same-named variables of sibling blocks are different variables.
    const key = `${s.name}@${s.decl ?? ""}`;
    if (s.owner && distributed.has(s.owner)) usedIn.set(key, (usedIn.get(key) ?? new Set()).add(i));
  }));
  const shared = [...new Set([...usedIn].filter(([, ps]) => ps.size > 1).map(([n]) => n.slice(0, n.indexOf("@"))))];
  if (shared.length)
    return {
      reason: `${shared.join(", ")} ${shared.length > 1 ? "are" : "is"} declared inside loop ${split.var} and used by several parts; splitting would need scalar expansion`,
      blockers: shared.map((n) => `${n} is private to one iteration of ${split.var} and shared by the parts`),
    };
  const partOf = (offset: number) => parts.findIndex((p) => offset >= p.start && offset < p.end);
  const blockers: string[] = [];
  for (const d of deps) {
    const a = partOf(d.source.start), b = partOf(d.sink.start);
    if (a >= 0 && b >= 0 && a > b) blockers.push(describeDependence(d));
  }
  return blockers.length ? { reason: `splitting loop ${split.var} would reverse a dependence between its parts`, blockers: [...new Set(blockers)] } : null;
}
