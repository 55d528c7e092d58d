// Reorder for layout: the legal loop order whose innermost loop walks the references
// contiguously (row-major C arrays: the last subscript is contiguous, so NCHW and NHWC
// arrays are both handled by their declarations). Cost per order, compared from the
// innermost loop outward over the three innermost loops: 0 for an invariant reference, 1 for
// stride 1, 2-3 for larger strides (by bytes up to a 64-byte line); ties keep the order
// closest to the original (fewest inversions).
// An imperfect nest (the course notes' conv) is split first (fission) when that is legal.

import type { Nest } from "../ir/types";
import type { Loop } from "../ir/types";
import { dependences } from "../analysis/dependences";
import { checkOrder, diffEdit, perfectChain, rectangular, refuse, type TransformContext, type TransformResult } from "./common";
import { fission } from "./fission";
import { permute } from "./permute";
import { accessesIn, innermostStride, strideCost, strideOf } from "./strides";

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** The best legal order of the outer perfect band, or why none improves on the current one. */
export function bestOrder(ctx: TransformContext): { order: string[]; band: Loop[] } | { reason: string; blockers: string[] } {
  const band = perfectChain(ctx.nest.root);
  if (band.length < 2) return { reason: `nest ${ctx.nest.id} has a single loop in its outer band: there is no order to choose`, blockers: [] };
  const rect = rectangular(band);
  if (rect) return { reason: rect, blockers: [] };
  const refs = accessesIn(band[band.length - 1]);
  const fixed = band.length > 7 ? band.slice(0, band.length - 6) : [];
  const free = band.slice(fixed.length);
  const deps = ctx.deps();
  const score = (order: Loop[]) => {
    const s: number[] = [];
    // The three innermost loops decide the memory behaviour; beyond them keep the user's order.
    for (let k = order.length - 1; k >= Math.max(0, order.length - 3); k--) s.push(refs.reduce((acc, a) => acc + strideCost(strideOf(a, order[k], ctx.bindings), a.elementBytes), 0));
    let inversions = 0;
    const idx = order.map((l) => band.indexOf(l));
    for (let i = 0; i < idx.length; i++) for (let j = i + 1; j < idx.length; j++) if (idx[i] > idx[j]) inversions++;
    s.push(inversions);
    return s;
  };
  const better = (a: number[], b: number[]) => { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i]; return false; };
  let best: Loop[] = band, bestScore = score(band);
  let blockers: string[] = [];
  for (const p of permutations(free)) {
    const order = [...fixed, ...p];
    const sc = score(order);
    if (!better(sc, bestScore)) continue;
    const check = checkOrder(band, order.map((l) => l.var), deps);
    if (!check.ok) { blockers = check.blockers; continue; }
    best = order; bestScore = sc;
  }
  if (best === band) {
    const inner = band[band.length - 1];
    const s = innermostStride(refs, inner, ctx.bindings);
    return { reason: blockers.length ? "no legal order walks memory better than the current one" : `the current order is already the best for memory (innermost stride ${s ?? "symbolic"})`, blockers };
  }
  return { order: best.map((l) => l.var), band };
}

export function layout(ctx: TransformContext, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  const chain = perfectChain(ctx.nest.root);
  const last = chain[chain.length - 1];
  const imperfect = last.body.length > 1 && last.body.some((n) => n.kind === "loop");
  if (!imperfect) {
    const best = bestOrder(ctx);
    if ("reason" in best) return refuse(best.reason, best.blockers);
    return permute(ctx, best.order);
  }
  const split = fission(ctx);
  if (!split.ok) return refuse(`the nest is imperfect and splitting it is not legal: ${split.reason}`, split.blockers);
  const region = split.edits[0];
  const end = region.start + region.newText.length;
  const nests = reanalyze(split.text).filter((n) => n.root.span.start >= region.start && n.root.span.end <= end);
  // The part that does the work: the deepest perfect band.
  const target = [...nests].sort((a, b) => perfectChain(b.root).length - perfectChain(a.root).length)[0];
  if (!target) return refuse("internal: the split nest could not be re-read");
  const ctx2: TransformContext = { text: split.text, nest: target, bindings: ctx.bindings, deps: () => dependences(target, ctx.bindings) };
  const best = bestOrder(ctx2);
  if ("reason" in best) return refuse(`after splitting the nest, ${best.reason}`, best.blockers);
  const r = permute(ctx2, best.order);
  if (!r.ok) return r;
  const refs = accessesIn(last);
  const before = innermostStride(refs, last.body.filter((n): n is Loop => n.kind === "loop").map((l) => perfectChain(l).pop()!)[0] ?? last, ctx.bindings);
  const inner = perfectChain(target.root);
  const after = innermostStride(accessesIn(inner[inner.length - 1]), inner.find((l) => l.var === best.order[best.order.length - 1])!, ctx.bindings);
  return {
    ok: true,
    title: `Split the nest into ${nests.length} and reorder the compute nest to ${best.order.join(",")}${before !== null && after !== null ? `: innermost stride ${before} -> ${after}` : ""}`,
    edits: [diffEdit(ctx.text, r.text)], text: r.text, notes: r.notes,
  };
}
