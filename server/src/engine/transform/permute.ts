// Interchange / permutation of a perfect band: swaps the loop headers (the bodies stay put).
// Legal iff every dependence direction vector stays lexicographically non-negative under
// the new order (checkOrder). A rectangular band's headers move unchanged; a band whose bounds
// name other band loops (triangular: `i = j`, `k < i`) gets new bounds derived from its domain
// (analysis/bounds.ts), written with the user's names.
//   for (i..) for (j..) A[j][i] = 0;   --permute j,i   ->   for (j..) for (i..) A[j][i] = 0;
//   for (j = 0; j < n; j++) for (i = j; i < n; i++)   --permute i,j   ->
//   for (i = 0; i < n; i++) for (j = 0; j <= i; j++)

import { accessesIn, boundsNotDerived, innermostStride } from "../analysis/loopOrder";
import { applyEdits, checkOrder, findLoop, loopsOf, opaqueInside, perfectChain, rectangular, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import type { Loop } from "../ir/types";
import { reorderBounds, upperOf } from "../analysis/bounds";
import { boundWriter } from "./bounds";

/** The perfect band holding exactly the loops named in `order` (starting on `line` when given), or why there is none. */
export function bandFor(ctx: TransformContext, order: readonly string[], line?: number): Loop[] | string {
  const set = new Set(order);
  if (set.size !== order.length) return `the order ${order.join(",")} repeats a loop`;
  for (const v of order) { const l = findLoop(ctx.nest, v); if (typeof l === "string" && l.startsWith("no loop")) return l; }
  const bands = loopsOf(ctx.nest.root)
    .filter((l) => set.has(l.var) && (line === undefined || l.span.line === line))
    .map((l) => perfectChain(l).slice(0, order.length))
    .filter((c) => c.length === order.length && c.every((l) => set.has(l.var)));
  if (bands.length > 1) return `several bands hold loops ${order.join(", ")} (lines ${bands.map((b) => b[0].span.line).join(", ")}): say which with its line (--at LINE)`;
  if (bands.length === 0) {
    const first = loopsOf(ctx.nest.root).find((l) => set.has(l.var) && (line === undefined || l.span.line === line));
    if (!first) return `no loop of ${order.join(", ")} on line ${line}`;
    const chain = perfectChain(first);
    const stop = chain[Math.min(chain.length, order.length) - 1];
    const what = stop.decls?.length && stop.body.length === 1 ? `declares ${stop.decls.flatMap((d) => d.names).join(", ")} around the inner loop` : "holds other statements; split the nest first (--fission)";
    return `loops ${order.join(", ")} are not a perfect band: the body of loop ${stop.var} (line ${stop.span.line}) ${what}`;
  }
  return bands[0];
}

export function permute(ctx: TransformContext, order: readonly string[], line?: number): TransformResult {
  const band = bandFor(ctx, order, line);
  if (typeof band === "string") return refuse(band);
  const original = band.map((l) => l.var);
  if (original.join() === order.join()) return refuse(`the loops are already in the order ${order.join(", ")}`);
  const rect = rectangular(band, order);
  const rebound = rect ? reboundHeaders(ctx, band, order) : null;
  if (typeof rebound === "string") return refuse(boundsNotDerived(rect!, rebound));
  const opaque = opaqueInside(band[0]);
  if (opaque) return refuse(`the nest holds a construct that is not analysed: ${opaque}`);
  const check = checkOrder(band, order, ctx.deps());
  if (!check.ok) return refuse(`reordering ${original.join(",")} to ${order.join(",")} would reverse a dependence`, check.blockers);
  const header = (l: Loop) => ctx.text.slice(l.span.start, l.parts!.headerClose);
  const byVar = new Map(band.map((l) => [l.var, l]));
  const edits: TextEdit[] = band.map((l, k) => ({ start: l.span.start, end: l.parts!.headerClose, newText: rebound?.get(order[k]) ?? header(byVar.get(order[k])!) }));
  const refs = accessesIn(band[band.length - 1]);
  const before = innermostStride(refs, band[band.length - 1], ctx.bindings);
  const after = innermostStride(refs, byVar.get(order[order.length - 1])!, ctx.bindings);
  const strideNote = before !== null && after !== null && before !== after ? `: innermost stride ${before} -> ${after}` : "";
  return {
    ok: true,
    title: `Reorder loops to ${order.join(",")}${strideNote}`,
    edits, text: applyEdits(ctx.text, edits),
    notes: check.floatReorder ? ["changes the order of floating-point additions (results may differ in the last bits)"] : [],
  };
}

/**
 * The headers of a triangular band in `order` with bounds derived from its domain: a loop whose
 * bounds stay its own keeps its header as written; another gets `for (v = L; v <= U; update)`.
 */
function reboundHeaders(ctx: TransformContext, band: readonly Loop[], order: readonly string[]): Map<string, string> | string {
  const levels = reorderBounds(band, order);
  if (typeof levels === "string") return levels;
  const write = boundWriter(ctx, band);
  if (typeof write === "string") return write;
  const out = new Map<string, string>();
  for (const lv of levels) {
    const l = band.find((x) => x.var === lv.var)!;
    if (lv.lowers.length === 1 && lv.uppers.length === 1 && lv.lowers[0].equals(l.lower!) && lv.uppers[0].equals(upperOf(l))) continue;
    const w = write(l, lv);
    if (typeof w === "string") return w;
    const p = l.parts!;
    const init = p.declared ? `${p.typeText} ${l.var} = ${w.lower}` : `${l.var} = ${w.lower}`;
    out.set(l.var, `for (${init}; ${w.conds.join(" && ")}; ${ctx.text.slice(p.update.start, p.update.end)})`);
  }
  return out;
}
