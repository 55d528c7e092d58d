// Interchange / permutation of a perfect band: swaps the loop headers (the bodies stay put).
// Legal iff every dependence direction vector stays lexicographically non-negative under
// the new order (checkOrder); the band must be rectangular so headers can move unchanged.
//   for (i..) for (j..) A[j][i] = 0;   --permute j,i   ->   for (j..) for (i..) A[j][i] = 0;

import { accessesIn, innermostStride } from "../analysis/loopOrder";
import { applyEdits, checkOrder, findLoop, loopsOf, opaqueInside, perfectChain, rectangular, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import type { Loop } from "../ir/types";

/** The perfect band holding exactly the loops named in `order`, or why there is none. */
export function bandFor(ctx: TransformContext, order: readonly string[]): Loop[] | string {
  const set = new Set(order);
  if (set.size !== order.length) return `the order ${order.join(",")} repeats a loop`;
  for (const v of order) if (!findLoop(ctx.nest, v)) return `no loop ${v} in nest ${ctx.nest.id} (loops: ${loopsOf(ctx.nest.root).map((l) => l.var).join(", ")})`;
  const first = loopsOf(ctx.nest.root).find((l) => set.has(l.var))!;
  const chain = perfectChain(first).slice(0, order.length);
  if (chain.length !== order.length || !chain.every((l) => set.has(l.var))) {
    const stop = chain[chain.length - 1];
    return `loops ${order.join(", ")} are not a perfect band: the body of loop ${stop.var} (line ${stop.span.line}) holds other statements; split the nest first (--fission)`;
  }
  return chain;
}

export function permute(ctx: TransformContext, order: readonly string[]): TransformResult {
  const band = bandFor(ctx, order);
  if (typeof band === "string") return refuse(band);
  const original = band.map((l) => l.var);
  if (original.join() === order.join()) return refuse(`the loops are already in the order ${order.join(", ")}`);
  const rect = rectangular(band);
  if (rect) return refuse(rect);
  const opaque = opaqueInside(band[0]);
  if (opaque) return refuse(`the nest holds a construct that is not analysed: ${opaque}`);
  const check = checkOrder(band, order, ctx.deps());
  if (!check.ok) return refuse(`reordering ${original.join(",")} to ${order.join(",")} would reverse a dependence`, check.blockers);
  const header = (l: Loop) => ctx.text.slice(l.span.start, l.parts!.headerClose);
  const byVar = new Map(band.map((l) => [l.var, l]));
  const edits: TextEdit[] = band.map((l, k) => ({ start: l.span.start, end: l.parts!.headerClose, newText: header(byVar.get(order[k])!) }));
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
