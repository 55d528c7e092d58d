// The transformations offered at a cursor position (a loop header): cheap to list, each
// checked for legality by running it, so a refused one can be shown disabled with its reason
// (LSP `disabled.reason`). Specs are data: the editor sends one back to apply it.

import type { Loop, Nest, Node } from "../ir/types";
import type { TransformResult } from "./common";
import { loopsDeclaring, loopsOf, perfectChain } from "./common";
import type { TransformSpec } from "./registry";
import { OutOfBudget } from "../budget";
import type { Bindings } from "../symbolic/poly";
import { nestRoles } from "../analysis/roles";
import { otherLayout } from "./relayout";
import { accessesIn } from "../analysis/loopOrder";
import { invariantArrays } from "./scalarReplace";

export interface ActionOffer {
  readonly title: string;
  /** LSP code action kind suffix: refactor.rewrite.loopsmith.<id> */
  readonly id: "interchange" | "layout" | "toLayout" | "relayout" | "fission" | "fuse" | "tile" | "unroll" | "unrollJam" | "scalarReplace" | "scalarExpand" | "simd" | "parallel" | "splitAccumulators" | "accumulateInPlace" | "whileToFor" | "subscripts" | "privatize";
  readonly spec: TransformSpec;
  readonly ok: boolean;
  readonly reason?: string;
  readonly blockers?: readonly string[];
  readonly notes: readonly string[];
  /** The cost model's time for the function's nests before and after the rewrite, on `target`
   *  (only for targets with a memory model, where loop order changes the estimate). */
  readonly predicted?: {
    readonly before: number; readonly after: number; readonly target: string;
    /** The rewritten code's roofline point (work per DRAM byte, 10^9 work/s), for the report view's arrow. */
    readonly point?: { readonly intensity: number; readonly rate: number };
  };
}

/** The loop whose header (from `for` to its closing parenthesis) contains `offset`; with
 *  `whiles`, also a counted while's (`while (cnt--)`). */
export function loopAt(nests: readonly Nest[], offset: number, whiles = false): { nest: Nest; loop: Loop } | null {
  for (const nest of nests) {
    if (offset < nest.root.span.start || offset > nest.root.span.end) continue;
    for (const l of loopsOf(nest.root)) {
      const close = l.parts ? l.parts.headerClose : whiles && l.counted ? l.header.end : -1;
      if (offset >= l.span.start && offset <= close) return { nest, loop: l };
    }
  }
  return null;
}

export function offersFor(nest: Nest, loop: Loop, run: (spec: TransformSpec) => TransformResult, bindings: Bindings = new Map()): ActionOffer[] {
  const specs: { id: ActionOffer["id"]; spec: TransformSpec; fallback: string }[] = [];
  // A counted while: the rewrite that makes it a for loop, which the others then apply to.
  if (loop.counted) return checked([{ id: "whileToFor", spec: { kind: "whileToFor", nest: nest.id, line: loop.span.line }, fallback: `Rewrite ${loop.counted.text} as a for loop` }], run);
  const inner = perfectChain(loop)[1] ?? null;
  const line = loop.span.line;
  if (inner) specs.push({ id: "interchange", spec: { kind: "permute", nest: nest.id, order: [inner.var, loop.var], line }, fallback: `Interchange loops ${loop.var} and ${inner.var}` });
  specs.push({ id: "layout", spec: { kind: "layout", nest: nest.id }, fallback: "Reorder loops for memory layout" });
  // Named layouts, for tensor kernels: NCHW always, NHWC where an array is stored channel-last.
  const tensor = nestRoles(nest, bindings);
  if (tensor && [...tensor.roles.values()].some((r) => r.role)) {
    specs.push({ id: "toLayout", spec: { kind: "toLayout", nest: nest.id, layout: "NCHW" }, fallback: "Reorder loops to NCHW order" });
    if ([...tensor.layouts.values()].some((l) => l.length > 1 && l.endsWith("C")))
      specs.push({ id: "toLayout", spec: { kind: "toLayout", nest: nest.id, layout: "NHWC" }, fallback: "Reorder loops to NHWC order" });
    // Store an array the nest only reads in its other layout (CHW <-> HWC): the whole file is
    // rewritten, so it is offered on the nest's outermost loop only.
    const written = new Set(accessesIn(nest.root).filter((a) => a.kind === "write").map((a) => a.array));
    if (loop === nest.root) for (const [array, from] of tensor.layouts) {
      const to = otherLayout(from);
      if (!to || written.has(array)) continue;
      specs.push({ id: "relayout", spec: { kind: "relayout", nest: nest.id, array, layout: to }, fallback: `Change ${array} to ${to} layout` });
      specs.push({ id: "relayout", spec: { kind: "relayout", nest: nest.id, array, layout: to, reorder: true }, fallback: `Change ${array} to ${to} layout and reorder the loops that use it` });
    }
  }
  const chain = perfectChain(nest.root);
  if (chain.includes(loop) && chain[chain.length - 1].body.length > 1)
    specs.push({ id: "fission", spec: { kind: "fission", nest: nest.id }, fallback: "Split the nest" });
  else if (!chain.includes(loop) && perfectChain(loop).slice(-1)[0].body.length > 1)
    specs.push({ id: "fission", spec: { kind: "fission", nest: nest.id, line }, fallback: `Split loop ${loop.var}` }); // an inner level
  if (loop === nest.root) specs.push({ id: "fuse", spec: { kind: "fuse", nest: nest.id }, fallback: "Fuse with the next nest" });
  const band = perfectChain(loop);
  if (chain.includes(loop))
    specs.push({ id: "tile", spec: { kind: "tile", nest: nest.id, sizes: Object.fromEntries(band.map((l) => [l.var, 0])) }, fallback: `Tile loops ${band.map((l) => l.var).join(", ")}` });
  for (const f of [4, 8]) specs.push({ id: "unroll", spec: { kind: "unroll", nest: nest.id, loop: loop.var, factor: f, line }, fallback: `Unroll loop ${loop.var} by ${f}` });
  if (inner) specs.push({ id: "unrollJam", spec: { kind: "unrollJam", nest: nest.id, loop: loop.var, factor: 2, line }, fallback: `Unroll loop ${loop.var} by 2 and jam` });
  // On an innermost loop: keep each array's invariant references in locals.
  for (const array of invariantArrays(loop))
    specs.push({ id: "scalarReplace", spec: { kind: "scalarReplace", nest: nest.id, array, line }, fallback: `Keep ${array}'s invariant references in locals across loop ${loop.var}` });
  // A scalar this loop's body declares and then changes (an accumulator): expand it, so the nest can be split.
  // (Named by this loop's line when several loops of the nest declare it.)
  for (const d of loop.decls ?? []) if (d.modified && d.names.length === 1) {
    const at = loopsDeclaring(nest.root, d.names[0]).length > 1 ? { line } : {};
    specs.push({ id: "scalarExpand", spec: { kind: "scalarExpand", nest: nest.id, name: d.names[0], ...at }, fallback: `Expand ${d.names[0]} into an array` },
      { id: "accumulateInPlace", spec: { kind: "accumulateInPlace", nest: nest.id, name: d.names[0], ...at }, fallback: `Accumulate ${d.names[0]} in the element it is stored to` });
  }
  // A C89 temporary (declared at the top of the function) that this loop's body sets: declared
  // in the loops that set it first, so the two rewrites above apply to it.
  const own = new Set([...loopsOf(nest.root).flatMap((l) => (l.decls ?? []).flatMap((d) => d.names)), ...loopsOf(nest.root).map((l) => l.var)]);
  const set = loop.body.flatMap((n) => (n.kind === "stmt" ? n.scalars.filter((s) => s.kind === "write").map((s) => s.name) : []));
  for (const name of new Set(set)) if (!own.has(name)) specs.push({ id: "privatize", spec: { kind: "privatize", nest: nest.id, name }, fallback: `Declare ${name} in the loops that set it` });
  // Pointer walks in the loop (`*w++`): subscripts instead, so the rewrites above can apply.
  if (accessesIn(loop).some((a) => a.via)) specs.push({ id: "subscripts", spec: { kind: "subscripts", nest: nest.id, line }, fallback: `Replace the pointer walks of loop ${loop.var} by subscripts` });
  // OpenMP pragmas: simd on an innermost loop, parallel for on any loop.
  if (!loopsOf(loop).slice(1).length) specs.push({ id: "simd", spec: { kind: "simd", nest: nest.id, line }, fallback: `Vectorise loop ${loop.var} (#pragma omp simd)` });
  specs.push({ id: "parallel", spec: { kind: "parallel", nest: nest.id, line }, fallback: `Run loop ${loop.var} in parallel (#pragma omp parallel for)` });
  // An innermost loop that sums into a scalar or an invariant element: split the sum into partial sums.
  if (!loopsOf(loop).slice(1).length && hasSum(loop))
    specs.push({ id: "splitAccumulators", spec: { kind: "splitAccumulators", nest: nest.id, factor: 4, line }, fallback: `Split the sum across loop ${loop.var} into 4 partial sums` });
  return checked(specs, run);
}

/** The offers, each checked by running it; once the budget is spent the rest are listed disabled, not computed. */
function checked(specs: readonly { id: ActionOffer["id"]; spec: TransformSpec; fallback: string }[], run: (spec: TransformSpec) => TransformResult): ActionOffer[] {
  let spent: string | null = null;
  return specs.flatMap(({ id, spec, fallback }): ActionOffer[] => {
    if (spent) return [{ id, spec, ok: false, title: fallback, reason: spent, blockers: [], notes: [] }];
    let r: TransformResult;
    try { r = run(spec); } catch (e) {
      if (!(e instanceof OutOfBudget)) throw e;
      spent = e.message;
      return [{ id, spec, ok: false, title: fallback, reason: spent, blockers: [], notes: [] }];
    }
    if (!r.ok && id === "fuse" && r.reason.startsWith("no nest follows")) return []; // nothing to fuse with: not worth a disabled entry
    // A tile offer carries the sizes it was titled with (size 0 resolved): resolving it applies those.
    const applied: TransformSpec = r.ok && spec.kind === "tile" && r.tileSizes ? { ...spec, sizes: r.tileSizes } : spec;
    return [r.ok
      ? { id, spec: applied, ok: true, title: r.title, notes: r.notes }
      : { id, spec, ok: false, title: fallback, reason: r.reason, blockers: r.blockers, notes: [] }];
  });
}

/** Cheap: the loop has a `+=`/`-=` update statement (a sum the split could regroup). */
function hasSum(loop: Loop): boolean {
  const visit = (n: Node): boolean => n.kind === "stmt" ? !!n.update && n.update.op !== "*=" : n.kind === "if" ? [...n.then, ...n.else].some(visit) : false;
  return loop.body.some(visit);
}
