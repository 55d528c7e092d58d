// `#pragma omp simd` on an innermost loop: its iterations may run in vector lanes.
// Legal (checkSimd) when the loop carries no dependence other than reductions: a scalar
// accumulated with one `s += ...` statement (`reduction(+:s)`), or an array element invariant
// in the loop (`C[i][j] += ...` across k), which is first kept in a local (scalarReplace.ts)
// so that the clause can name it. Every other reference to a reduction variable inside the
// loop refuses (a lane would see a partial sum). A reduction of floating-point values adds
// in another order: the result says so.
//   for (k..) acc += w[k] * x[k];   --simd   ->   #pragma omp simd reduction(+:acc)
//                                                 for (k..) acc += w[k] * x[k];
// The pragma takes effect with -fopenmp or -fopenmp-simd; without them compilers ignore it.

import type { Loop } from "../ir/types";
import { describe } from "../analysis/dependences";
import { carriedBy, reductionOperator, updatesIn, within } from "../analysis/carried";
import { accessesIn, strideOf } from "../analysis/loopOrder";
import { applyEdits, withDirective, notRewritable, ompFormProblem, ompPragmaOf, opaqueInside, refuse, replaceStatement, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { checkScalarReplace, replacedText, targetLoop, type ScalarPlan } from "./scalarReplace";

export const FP_REORDER = "changes the order of floating-point additions (results may differ in the last bits)";
export const OPENMP_NOTE = "takes effect when compiled with -fopenmp (or -fopenmp-simd for simd); otherwise the pragma is ignored";

/** Variables a loop reduces, by OpenMP operator, and whether any is floating-point. */
export interface Reductions { readonly byOp: Map<"+" | "*", string[]>; float: boolean }

export function clause(r: Reductions): string {
  return [...r.byOp].map(([op, vs]) => ` reduction(${op}:${vs.join(", ")})`).join("");
}

/**
 * The reductions that `loop` carries, or why it carries something else. Array reductions are
 * returned by array name (they need scalar replacement first).
 */
export function reductionsCarried(ctx: TransformContext, loop: Loop): { scalars: Map<string, "+" | "*">; arrays: Set<string>; float: boolean } | { reason: string; blockers: string[] } {
  const root = ctx.nest.root;
  const updates = updatesIn(loop);
  const scalars = new Map<string, "+" | "*">(), arrays = new Set<string>();
  let float = false;
  for (const d of carriedBy(ctx.deps(), root, loop)) {
    const sts = updates.get(d.source.text) ?? [];
    const op = d.reduction && sts.length === 1 ? reductionOperator(sts[0].update!.op) : null;
    if (!op) return { reason: `loop ${loop.var} carries a dependence: ${describe(d)}`, blockers: [describe(d)] };
    if (d.scalar) scalars.set(d.name, op); else arrays.add(d.name);
    if (d.floatReduction) float = true;
  }
  // A reduction variable read or written anywhere else in the loop sees partial results.
  for (const d of within(ctx.deps(), root, loop).deps)
    if ((scalars.has(d.name) || arrays.has(d.name)) && !d.reduction)
      return { reason: `${d.name} is reduced in loop ${loop.var} and also used outside its reduction: ${describe(d)}`, blockers: [describe(d)] };
  return { scalars, arrays, float };
}

export interface SimdPlan { readonly loop: Loop; readonly pragma: string; readonly replaced: ScalarPlan | null; readonly float: boolean }

export function checkSimd(ctx: TransformContext, line?: number): SimdPlan | { reason: string; blockers: string[] } {
  const loop = targetLoop(ctx, null, line);
  if (typeof loop === "string") return { reason: loop, blockers: [] };
  const bad = notRewritable(loop) ?? opaqueInside(loop) ?? (!loop.parts || !loop.tripCount ? `loop ${loop.var}: ${loop.unknown?.reason ?? "not understood"}` : null);
  if (bad) return { reason: bad, blockers: [] };
  const form = ompFormProblem(ctx.text, loop);
  if (form) return { reason: form, blockers: [] };
  const has = ompPragmaOf(ctx.text, loop);
  if (has) return { reason: `loop ${loop.var} already has ${has}`, blockers: [] };
  const r = reductionsCarried(ctx, loop);
  if ("reason" in r) return r;
  const byOp = new Map<"+" | "*", string[]>();
  const add = (op: "+" | "*", v: string) => byOp.set(op, [...(byOp.get(op) ?? []), v]);
  for (const [v, op] of r.scalars) add(op, v);
  // Array reductions: every invariant reference of those arrays is kept in a local first.
  let replaced: ScalarPlan | null = null;
  const updates = updatesIn(loop);
  for (const array of r.arrays) {
    const p = checkScalarReplace(ctx, array, loop.span.line);
    if ("reason" in p) return { reason: `the reduction into ${array} needs it kept in a local first, which is refused: ${p.reason}`, blockers: p.blockers };
    replaced = replaced ? { loop, groups: [...replaced.groups, ...p.groups] } : p;
    for (const g of p.groups) {
      if (!g.written) continue;
      const op = reductionOperator(updates.get(g.text)?.[0]?.update?.op ?? "");
      if (!op) return { reason: `${g.text} is written in loop ${loop.var} other than by a reduction`, blockers: [] };
      add(op, g.local);
    }
  }
  return { loop, pragma: `#pragma omp simd${clause({ byOp, float: r.float })}`, replaced, float: r.float };
}

export function simd(ctx: TransformContext, line?: number): TransformResult {
  const plan = checkSimd(ctx, line);
  if ("reason" in plan) return refuse(plan.reason, plan.blockers);
  const { loop } = plan;
  const t = ctx.text;
  const text = plan.replaced ? replacedText(ctx, plan.replaced, plan.pragma) : withDirective(t, loop, plan.pragma);
  const edit: TextEdit = replaceStatement(t, loop.span.start, loop.span.end, text);
  const kept = plan.replaced ? ` (keeping ${plan.replaced.groups.map((g) => g.text).join(", ")} in locals)` : "";
  return {
    ok: true,
    title: `Vectorise loop ${loop.var}: ${plan.pragma.slice("#pragma ".length)}${kept}`,
    edits: [edit], text: applyEdits(t, [edit]),
    notes: [...(plan.float ? [FP_REORDER] : []), ...gathers(ctx, loop), OPENMP_NOTE],
  };
}

/** References that are not contiguous in the loop: vector lanes gather them (measured slower on matmul's B[k][j]). */
function gathers(ctx: TransformContext, loop: Loop): string[] {
  const strided = accessesIn(loop).filter((a) => { const s = strideOf(a, loop, ctx.bindings); return s === null || Math.abs(s) > 1; });
  if (!strided.length) return [];
  const s = strideOf(strided[0], loop, ctx.bindings);
  return [`${strided[0].text} is not contiguous in loop ${loop.var} (${s === null ? "stride not known" : `stride ${s}`}): the vector lanes gather it, which may be slower than the scalar loop; reorder the loops first (--layout)`];
}
