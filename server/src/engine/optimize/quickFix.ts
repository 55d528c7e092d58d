// The LS001 quick fix: which rewrite a stride warning's fix applies. The one place that
// decides it; the editor's quick fix, the SARIF fixes and their titles all take this choice.
//
// The stride advice (analysis/nest.ts) names the reorder that makes the reference contiguous
// (`own`). On a target with a memory model the other whole-nest reorders are scored too (the
// `--layout` split and order, the named layouts' orders): the fix is the candidate with the
// lowest predicted time of the function's nests, and `own` unless another is predicted faster
// than it by more than 2% (the band the ranked titles call "no change"). On a target without
// one (the course notes' `1 GHz, 1 MAC/cycle`: loop order does not change its estimate), when
// `own` has no predicted time, or when the budget runs out, the fix is `own`: today's rule.
// Pure: the candidates come scored by the facade (engine/index.ts).

import type { StrideAdvice } from "../analysis/report";
import type { TransformResult } from "../transform/common";
import type { TransformSpec } from "../transform/registry";

/** The fix the advice itself names, as a transformation spec: a permute, or a split then reorder. */
export function adviceSpec(a: StrideAdvice): TransformSpec {
  return a.fix.kind === "layout" ? { kind: "layout", nest: a.fix.nest } : { kind: "permute", nest: a.fix.nest, order: a.fix.order, line: a.fix.line };
}

/** The other rewrites considered for the fix of a nest's stride warning (the nest's reorders). */
export function otherFixSpecs(nest: string, tensor: boolean): TransformSpec[] {
  return [{ kind: "layout", nest }, ...(tensor ? (["NCHW", "NHWC"] as const).map((layout): TransformSpec => ({ kind: "toLayout", nest, layout })) : [])];
}

export interface FixCandidate {
  readonly spec: TransformSpec;
  readonly result: TransformResult;
  /** Predicted time of the function's nests after the rewrite; null when unknown. */
  readonly after: number | null;
}

/** How many times faster a prediction says the rewrite is (before / after). */
export function speedup(p: { readonly before: number; readonly after: number }): number {
  return p.before / Math.max(p.after, 1e-18);
}

/** Faster by more than this factor to replace the advice's own fix. */
export const FIX_MARGIN = 0.98;

/** `own`, unless another accepted candidate is predicted faster than it by more than 2%. */
export function chooseFix(own: FixCandidate, others: readonly FixCandidate[]): FixCandidate {
  if (!own.result.ok || own.after === null) return own;
  let best = own;
  for (const c of others) if (c.result.ok && c.after !== null && c.after < own.after * FIX_MARGIN && c.after < best.after!) best = c;
  return best;
}
