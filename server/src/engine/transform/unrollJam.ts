// Unroll-and-jam: unroll an outer loop and fuse the copies into the innermost body, so each
// inner iteration works on u outer iterations (register reuse across them); the remainder
// outer iterations run the original nest. Legal iff moving the outer loop innermost is
// legal (no dependence with '<' on it and '>' on an inner loop), checked as an interchange;
// the inner band must be perfect and its bounds must not depend on the outer loop.
//   for (i..) for (j..) C[i] += A[i][j] * x[j];   --unroll-jam i=2   ->
//   for (i = 0; i + 1 < n; i += 2) for (j..) { C[i] += A[i][j]*x[j]; C[(i + 1)] += A[(i + 1)][j]*x[j]; }

import type { Loop } from "../ir/types";
import { applyEdits, replaceStatement, checkOrder, findLoop, perfectChain, rectangular, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { copies, planUnroll } from "./unroll";

export function unrollJam(ctx: TransformContext, v: string, factor: number, line?: number): TransformResult {
  const outer = findLoop(ctx.nest, v, line);
  if (typeof outer === "string") return refuse(outer);
  const band = perfectChain(outer);
  if (band.length < 2) return refuse(`loop ${v} has no inner loop as its only statement: unroll it instead (--unroll ${v}=${factor})`);
  const inTiles = tiled(band);
  const rect = inTiles === undefined ? rectangular(band) : inTiles;
  if (rect) return refuse(rect);
  const plan = planUnroll(ctx, v, factor, outer.span.line);
  if (typeof plan === "string") return refuse(plan);
  const order = [...band.slice(1).map((l) => l.var), v];
  const check = checkOrder(band, order, ctx.deps());
  if (!check.ok) return refuse(`jamming copies of ${v} into the inner loops would reorder dependent iterations`, check.blockers);
  const innermost = band[band.length - 1];
  if (!innermost.bodySpan) return refuse(`loop ${innermost.var} has no body`);
  const t = ctx.text;
  const body = copies(ctx, plan, innermost, factor);
  const middle = t.slice(outer.parts!.headerClose, innermost.parts!.headerClose);
  const after = t.slice(innermost.bodySpan.end, outer.span.end);
  const jammed = ` {\n${body.text}\n${body.indent}}`;
  const main = plan.header + middle + jammed + after;
  const rest = t.slice(outer.parts!.headerClose, outer.span.end);
  const edit: TextEdit = replaceStatement(t, outer.span.start, outer.span.end, main + (plan.divisible ? "" : plan.epilogue(rest)));
  return {
    ok: true,
    title: `Unroll loop ${v} by ${factor} and jam into ${band.slice(1).map((l) => l.var).join(",")}${plan.divisible ? "" : " (with a remainder nest)"}`,
    edits: [edit], text: applyEdits(t, [edit]),
    notes: check.floatReorder ? ["changes the order of floating-point additions (results may differ in the last bits)"] : [],
  };
}

/**
 * A band inside tiles: loops bounded by min (`k < (k_t + 16 < P ? k_t + 16 : P)`) have no
 * closed-form trip count, but they are rectangular when no bound names another band loop.
 * Null when the band is of that kind and rectangular (or has no min loop: rectangular() judges).
 */
function tiled(band: readonly Loop[]): string | null | undefined {
  if (!band.some((l) => l.minMax)) return undefined;
  const vars = band.map((l) => l.var);
  for (const l of band) {
    if (!l.parts || !l.lower || l.step === null || (!l.tripCount && !l.minMax)) return `loop ${l.var} (line ${l.span.line}): ${l.unknown?.reason ?? "not understood"}`;
    const bounds = [l.lower, ...(l.tripCount ? [l.tripCount] : []), ...(l.minMax?.args ?? [])];
    const other = vars.find((v) => v !== l.var && bounds.some((b) => b.mentions(v)));
    if (other) return `the bounds of loop ${l.var} depend on loop ${other} (a triangular band); reordering it needs new bounds, which Loopsmith does not derive yet`;
  }
  return null;
}
