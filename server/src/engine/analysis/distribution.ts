// Legality of loop distribution (fission): copying the loops of an outer perfect band around
// each part of the last loop's body. Shared by the fission transformation, fusion (the fused
// nest split back at the seam) and the stride diagnostic.
// Legal iff
//  - every declaration of the body can stay with its uses: one used by a single other part
//    moves there; one used by several parts is copied into each, which needs a pure
//    initialiser (no assignment, no call but a math function) and a variable that nothing
//    changes after its declaration (else the parts would need scalar expansion);
//  - no variable declared deeper inside the distributed loops (a nested block) is used by two
//    parts;
//  - no dependence runs from a later part to an earlier one (after the split every instance of
//    the earlier part runs first). A declaration's initialiser counts as being in every part
//    that gets it.

import type { LocalDecl, Loop, Node } from "../ir/types";
import { describe as describeDependence, type Dependence } from "./dependences";

export interface Part {
  readonly nodes: readonly Node[];
  /** Covers whole declarations and plain blocks (lowering keeps only declarators with initialisers). */
  readonly start: number;
  readonly end: number;
}

/** Where one declaration of the split body goes. */
export interface DeclPlacement {
  readonly decl: LocalDecl;
  /** The part holding it in the source. */
  readonly home: number;
  /** Later parts that get a copy at their start. */
  readonly copies: readonly number[];
  /** True when it leaves its home part (nothing there uses it). */
  readonly moved: boolean;
}

export interface Distribution {
  readonly parts: readonly Part[];
  readonly placements: readonly DeclPlacement[];
  /** Parts left holding only declarations that moved away: not emitted. */
  readonly dropped: ReadonlySet<number>;
}

export interface Blocked { readonly reason: string; readonly blockers: string[] }

const inside = (o: number, s: { start: number; end: number }) => o >= s.start && o < s.end;

/**
 * Consecutive statements (with the declarations among them) form one part; every loop is its
 * own part; a plain block is never cut (the parts it overlaps become one).
 */
export function partsOf(loop: Loop): Part[] {
  type Item = { start: number; end: number; node?: Node; loop: boolean };
  const decls = loop.decls ?? [];
  const items: Item[] = loop.body.map((n) => {
    const d = decls.find((d) => inside(n.span.start, d.span));
    return { start: Math.min(n.span.start, d?.span.start ?? Infinity), end: Math.max(n.span.end, d?.span.end ?? -Infinity), node: n, loop: n.kind === "loop" };
  });
  for (const d of decls) if (!loop.body.some((n) => inside(n.span.start, d.span))) items.push({ start: d.span.start, end: d.span.end, loop: false });
  items.sort((a, b) => a.start - b.start);
  const runs: Item[][] = [];
  let run: Item[] = [];
  const flush = () => { if (run.length) runs.push(run); run = []; };
  for (const it of items) {
    if (it.loop) { flush(); runs.push([it]); } else run.push(it);
  }
  flush();
  let parts: Part[] = runs.map((r) => ({ nodes: r.flatMap((i) => (i.node ? [i.node] : [])), start: Math.min(...r.map((i) => i.start)), end: Math.max(...r.map((i) => i.end)) }));
  for (const b of loop.blocks ?? []) {
    const hit = parts.map((p, i) => (p.start < b.end && p.end > b.start ? i : -1)).filter((i) => i >= 0);
    if (hit.length === 0) continue;
    const [a, z] = [hit[0], hit[hit.length - 1]];
    const merged: Part = { nodes: parts.slice(a, z + 1).flatMap((p) => p.nodes), start: Math.min(b.start, parts[a].start), end: Math.max(b.end, parts[z].end) };
    parts = [...parts.slice(0, a), merged, ...parts.slice(z + 1)];
  }
  return parts;
}

/** Where each declaration of `split`'s body goes when it is distributed over `parts`, or why it cannot. */
export function placeDeclarations(split: Loop, parts: readonly Part[]): Distribution | Blocked {
  const decls = split.decls ?? [];
  const partAt = (o: number) => parts.findIndex((p) => inside(o, p));
  const where = new Map<LocalDecl, Set<number>>();
  const placements: DeclPlacement[] = [];
  const line = (d: LocalDecl) => d.span.line;
  // Later declarations first: a declaration used in another one's initialiser must reach every
  // part that one is placed in.
  for (let k = decls.length - 1; k >= 0; k--) {
    const d = decls[k];
    const home = parts.findIndex((p) => p.start < d.span.end && p.end > d.span.start);
    const users = new Set<number>();
    for (const u of d.uses) {
      const host = decls.slice(k + 1).find((e) => inside(u.start, e.span));
      const at = host ? where.get(host)! : new Set([partAt(u.start)]);
      for (const p of at) if (p >= 0) users.add(p);
    }
    const stays = [...users].every((p) => p === home);
    const placed = stays ? new Set([home]) : users;
    where.set(d, placed);
    if (stays) continue;
    const names = d.names.join(", ");
    const copies = [...users].filter((p) => p !== home).sort((a, b) => a - b);
    const moved = !users.has(home);
    if (d.impure)
      return { reason: `${names} ${d.names.length > 1 ? "are" : "is"} declared inside loop ${split.var} (line ${line(d)}) and used by ${moved && users.size === 1 ? "a later part" : "several parts"}, but ${d.impure}: the declaration cannot be ${moved && users.size === 1 ? "moved" : "copied into each part"}`,
        blockers: d.names.map((n) => `${n} is declared on line ${line(d)} and cannot be declared again in another part`) };
    if (placed.size > 1 && d.modified)
      return { reason: `${names} ${d.names.length > 1 ? "are" : "is"} declared inside loop ${split.var} (line ${line(d)}) and used by several parts, and ${d.modified}: splitting would need scalar expansion (--scalar-expand ${d.names[0]})`,
        blockers: d.names.map((n) => `${n} is private to one iteration of ${split.var} and shared by the parts`) };
    placements.unshift({ decl: d, home, copies, moved });
  }
  const dropped = new Set<number>();
  parts.forEach((p, i) => {
    const away = placements.filter((x) => x.home === i && x.moved);
    if (away.length && p.nodes.every((n) => away.some((x) => inside(n.span.start, x.decl.span)))) dropped.add(i);
  });
  return { parts, placements, dropped };
}

function scalarsOf(n: Node): { name: string; owner?: string; decl?: number }[] {
  if (n.kind === "stmt") return [...n.scalars];
  if (n.kind === "loop") return n.body.flatMap(scalarsOf);
  if (n.kind === "if") return [...n.cond.scalars, ...[...n.then, ...n.else].flatMap(scalarsOf)];
  return [];
}

/**
 * Distributing `chain` (outer to inner) over its last loop's body parts: where the parts and
 * declarations go, or why it is illegal. `given` overrides the parts (fusion checks the fused
 * nest split at the seam).
 */
export function planDistribution(chain: readonly Loop[], deps: readonly Dependence[], given?: readonly Part[]): Distribution | Blocked {
  const split = chain[chain.length - 1];
  const parts = given ?? partsOf(split);
  const placed = placeDeclarations(split, parts);
  if ("reason" in placed) return placed;
  // Variables declared elsewhere inside the distributed loops (a nested block) cannot be copied.
  const distributed = new Set(chain.map((l) => l.var));
  const ownDecls = new Set((split.decls ?? []).flatMap((d) => d.names));
  const usedIn = new Map<string, Set<number>>();
  parts.forEach((p, i) => p.nodes.flatMap(scalarsOf).forEach((s) => {
    // Keyed by declaration too: same-named variables of sibling blocks are different variables.
    const key = `${s.name}@${s.decl ?? ""}`;
    if (s.owner && distributed.has(s.owner) && !ownDecls.has(s.name)) usedIn.set(key, (usedIn.get(key) ?? new Set()).add(i));
  }));
  const shared = [...new Set([...usedIn].filter(([, ps]) => ps.size > 1).map(([n]) => n.slice(0, n.indexOf("@"))))];
  if (shared.length)
    return {
      reason: `${shared.join(", ")} ${shared.length > 1 ? "are" : "is"} declared inside loop ${split.var} and used by several parts; splitting would need scalar expansion (--scalar-expand ${shared[0]})`,
      blockers: shared.map((n) => `${n} is private to one iteration of ${split.var} and shared by the parts`),
    };
  // The parts an offset runs in after the split: a copied declaration runs in each part that gets it.
  const partsAt = (o: number): number[] => {
    const x = placed.placements.find((x) => inside(o, x.decl.span));
    if (x) return [...(x.moved ? [] : [x.home]), ...x.copies];
    const i = parts.findIndex((p) => inside(o, p));
    return i >= 0 ? [i] : [];
  };
  // A variable whose declaration moves or is repeated is defined again in each part that uses
  // it: its own dependences stay inside each part.
  const redeclared = new Set(placed.placements.flatMap((x) => x.decl.names));
  const blockers: string[] = [];
  for (const d of deps) {
    if (d.scalar && redeclared.has(d.name)) continue;
    const a = partsAt(d.source.start), b = partsAt(d.sink.start);
    if (a.some((x) => b.some((y) => x > y))) blockers.push(describeDependence(d));
  }
  if (blockers.length) return { reason: `splitting loop ${split.var} would reverse a dependence between its parts`, blockers: [...new Set(blockers)] };
  return placed;
}

/** Why distributing `chain` is illegal, or null when legal (see planDistribution). */
export function distributionBlockers(chain: readonly Loop[], deps: readonly Dependence[], given?: readonly Part[]): Blocked | null {
  const r = planDistribution(chain, deps, given);
  return "reason" in r ? r : null;
}
