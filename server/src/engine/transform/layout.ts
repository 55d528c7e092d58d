// Reorder for layout: the legal loop order whose innermost loop walks the references
// contiguously (row-major C arrays: the last subscript is contiguous, so NCHW and NHWC
// arrays are both handled by their declarations). The cost and the search are in
// analysis/loopOrder.ts.
// An imperfect nest (the course notes' conv) is split first (fission) when that is legal.

import type { Nest } from "../ir/types";
import type { Loop } from "../ir/types";
import { dependences } from "../analysis/dependences";
import { diffEdit, perfectChain, refuse, type TransformContext, type TransformResult } from "./common";
import { fission, originOf } from "./fission";
import type { Dependence } from "../analysis/dependences";
import { permute } from "./permute";
import { accessesIn, bestOrder, innermostStride } from "../analysis/loopOrder";
import { withLocals } from "../ir/scope";

/** The best legal order of the nest's outer perfect band. */
function bestOuterOrder(ctx: TransformContext) {
  return bestOrder(perfectChain(ctx.nest.root), ctx.deps(), ctx.hints ?? ctx.bindings);
}

export function layout(ctx: TransformContext, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  const chain = perfectChain(ctx.nest.root);
  const last = chain[chain.length - 1];
  const imperfect = last.body.length > 1 && last.body.some((n) => n.kind === "loop");
  if (!imperfect) {
    const best = bestOuterOrder(ctx);
    if ("reason" in best) return refuse(best.reason, best.blockers);
    return permute(ctx, best.order);
  }
  const sp = splitForCompute(ctx, reanalyze);
  if ("reason" in sp) return refuse(sp.reason, sp.blockers);
  const { split, nests, ctx: ctx2 } = sp;
  const target = ctx2.nest;
  const best = bestOuterOrder(ctx2);
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
    edits: [diffEdit(ctx.text, r.text)], text: r.text, notes: [...split.notes, ...r.notes],
  };
}

/**
 * An imperfect nest split by fission, and the context of the part that does the work (the
 * deepest perfect band), whose dependences carry the user's line numbers; or why not.
 */
export function splitForCompute(ctx: TransformContext, reanalyze: (text: string) => readonly Nest[]):
  { split: Extract<TransformResult, { ok: true }>; nests: readonly Nest[]; ctx: TransformContext } | { reason: string; blockers: readonly string[] } {
  const split = fission(ctx);
  if (!split.ok) return { reason: `the nest is imperfect and splitting it is not legal: ${split.reason}`, blockers: split.blockers };
  const region = split.edits[0];
  const end = region.start + region.newText.length;
  const nests = reanalyze(split.text).filter((n) => n.root.span.start >= region.start && n.root.span.end <= end);
  // The part that does the work: the deepest perfect band.
  const target = [...nests].sort((a, b) => perfectChain(b.root).length - perfectChain(a.root).length)[0];
  if (!target) return { reason: "internal: the split nest could not be re-read", blockers: [] };
  // Dependences of the split text, with the user's line numbers (their refusals are shown to the user).
  const lineOf = (o: number | null, fallback: number) => (o === null ? fallback : ctx.text.slice(0, o).split("\n").length);
  const userLines = (d: Dependence): Dependence => ({ ...d, source: { ...d.source, line: lineOf(originOf(split, d.source.start), d.source.line) }, sink: { ...d.sink, line: lineOf(originOf(split, d.sink.start), d.sink.line) } });
  let deps2: Dependence[] | undefined;
  const ctx2: TransformContext = { text: split.text, nest: target, bindings: ctx.bindings, assumed: ctx.assumed, deps: () => (deps2 ??= dependences(target, ctx.bindings).map(userLines)), ...(ctx.hints ? { hints: withLocals(ctx.hints, target.locals) } : {}) };
  return { split, nests, ctx: ctx2 };
}
