// Unroll a loop by a factor: the body is repeated with the variable advanced (i, i + 1, ...),
// and an epilogue loop runs the remainder (none when the trip count is known to divide).
// Always legal: no iteration changes order. Requires a unit step and a condition of the
// form `i < bound`, `i <= bound`, `i > bound` or `i >= bound`.
//   for (int i = 0; i < n; i++) s += a[i];   --unroll i=2   ->
//   for (int i = 0; i + 1 < n; i += 2) { s += a[i]; s += a[(i + 1)]; }
//   for (int i = 0 + ((n) - (0)) / 2 * 2; i < n; i++) s += a[i];
// Unroll-and-jam (unrollJam.ts) reuses the header and copy logic below.

import type { Loop, Node } from "../ir/types";
import { applyEdits, replaceStatement, findLoop, indentUnit, lineIndent, notRewritable, opaqueInside, refuse, signedType, type TextEdit, type TransformContext, type TransformResult } from "./common";

export interface UnrollPlan {
  readonly loop: Loop;
  readonly up: boolean;
  /** `for (init; v + u-1 < bound; v += u)` (the original condition when the trip count divides). */
  readonly header: string;
  readonly divisible: boolean;
  /** The remainder loop, given the text that follows the original header (its body). */
  readonly epilogue: (rest: string) => string;
}

export function planUnroll(ctx: TransformContext, v: string, u: number, line?: number): UnrollPlan | string {
  if (!Number.isInteger(u) || u < 2 || u > 64) return `unroll factor ${u}: use an integer from 2 to 64`;
  const loop = findLoop(ctx.nest, v, line);
  if (typeof loop === "string") return loop;
  // A min/max bound (a tile's point loop with a remainder) has no closed-form trip count, but its
  // header is rewritable: the main loop and the remainder are written with the bound as is.
  if (!loop.parts || (!loop.tripCount && !loop.minMax) || loop.step === null || !loop.bodySpan) return notRewritable(loop) ?? `loop ${v}: ${loop.unknown?.reason ?? "not understood"}`;
  const opaque = opaqueInside(loop);
  if (opaque) return `the loop holds a construct that is not analysed: ${opaque}`;
  if (loop.statics?.length) return `the body of loop ${v} declares static ${loop.statics.join(", ")}: each copy of the body would get its own`;
  const { relation: rel, boundText, lowerText, declared } = loop.parts;
  const s = loop.step;
  if (s !== 1n && s !== -1n) return `loop ${v} has step ${s}; unrolling supports steps 1 and -1`;
  if (!boundText || rel === "!=") return `the condition of loop ${v} is not of the form ${v} < bound`;
  const up = s === 1n;
  if ((up && rel !== "<" && rel !== "<=") || (!up && rel !== ">" && rel !== ">=")) return `loop ${v} counts ${up ? "up" : "down"} with condition ${rel}`;
  const t = ctx.text;
  const trip = loop.tripCount?.evaluate(ctx.bindings) ?? null;
  // Only a trip count fixed by the source itself may drop the remainder loop (a -D value or an
  // assumption comment describes one configuration, not every call).
  const assumedOnly = !loop.tripCount || !!loop.minMax || [...loop.tripCount.symbols()].some((x) => ctx.assumed.has(x));
  const divisible = !assumedOnly && trip !== null && trip.isInteger() && trip.num % BigInt(u) === 0n;
  const condText = t.slice(loop.parts.cond.start, loop.parts.cond.end);
  const cond = divisible ? condText : `${v} ${up ? "+" : "-"} ${u - 1} ${rel} ${boundText}`;
  const init = t.slice(loop.parts.init.start, loop.parts.init.end).replace(/;\s*$/, "");
  const header = `for (${init}; ${cond}; ${v} ${up ? "+=" : "-="} ${u})`;
  const baseIndent = lineIndent(t, loop.span.start);
  // Where the main loop stopped: lower + (distance / u) * u, distance = bound - lower (+1 for <=).
  const dist = up ? `(${boundText}) - (${lowerText})${rel === "<=" ? " + 1" : ""}` : `(${lowerText}) - (${boundText})${rel === ">=" ? " + 1" : ""}`;
  // In a signed type a negative distance (a loop that runs no iteration) truncates towards 0, so
  // the remainder starts at or past the bound. In an unsigned one it wraps around (size_t j = i;
  // j < cols with i > cols gave up to u - 1 extra iterations): there the distance is taken only
  // when the loop runs at all. A type not known to be signed (a typedef) is treated as unsigned.
  const T = loop.parts.typeText;
  const signed = signedType(T);
  const runs = up ? `(${T})(${boundText}) ${rel === "<=" ? ">=" : ">"} (${T})(${lowerText})` : `(${T})(${lowerText}) ${rel === ">=" ? ">=" : ">"} (${T})(${boundText})`;
  const steps = signed ? `(${dist}) / ${u} * ${u}` : `(${runs} ? (${dist}) / ${u} * ${u} : 0)`;
  const startExpr = `${lowerText} ${up ? "+" : "-"} ${steps}`;
  const epiInit = declared ? init.replace(/=.*$/s, `= ${startExpr}`) : `${v} = ${startExpr}`;
  const epilogue = (rest: string) => `\n${baseIndent}for (${epiInit}; ${condText}; ${t.slice(loop.parts!.update.start, loop.parts!.update.end)})${rest}`;
  return { loop, up, header, divisible, epilogue };
}

/**
 * The body of `target` repeated u times with `v` advanced by k in copy k (identifier uses of v
 * inside that body), one copy after the other at the body's indentation. Copies get their own
 * block when the body declares variables.
 */
export function copies(ctx: TransformContext, plan: UnrollPlan, target: Loop, u: number, rename: (k: number) => readonly { start: number; end: number; text: string }[] = () => []): { text: string; braced: boolean; indent: string } {
  const t = ctx.text;
  const v = plan.loop.var;
  const body = target.bodySpan!;
  const bodyText = t.slice(body.start, body.end);
  const braced = bodyText.startsWith("{");
  const inner = braced ? bodyText.slice(1, -1) : bodyText;
  const innerStart = body.start + (braced ? 1 : 0);
  // Declarations at the top of the body (`const float *p = ...;`, `float tmp[4];`) would be
  // declared twice in one block: each copy then gets its own.
  const declares = (target.decls?.length ?? 0) > 0;
  const uses = (plan.loop.uses ?? []).filter((x) => x.start >= innerStart && x.end <= innerStart + inner.length).map((x) => x.start - innerStart).sort((a, b) => b - a);
  // `rename(k)`: further replacements in copy k (file offsets inside the body), e.g. an
  // accumulator renamed to its partial sum (splitAccumulators.ts).
  const copy = (k: number) => {
    const edits = [
      ...(k > 0 ? uses.map((o) => ({ at: o, len: v.length, text: `(${v} ${plan.up ? "+" : "-"} ${k})` })) : []),
      ...rename(k).filter((e) => e.start >= innerStart && e.end <= innerStart + inner.length).map((e) => ({ at: e.start - innerStart, len: e.end - e.start, text: e.text })),
    ].sort((a, b) => b.at - a.at);
    let out = inner;
    for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.len);
    return out;
  };
  const headerIndent = lineIndent(t, target.span.start);
  const unit = indentUnit(t);
  const indent = /\n([ \t]*)\S/.exec(inner)?.[1] ?? headerIndent + unit;
  // Statements on the `{` line (`{ const float *p = ...; acc += *p; }`) start a line of their own.
  const firstOnBraceLine = braced && !/^[ \t]*\n/.test(inner);
  const pieces = Array.from({ length: u }, (_, k) => {
    const c = copy(k).replace(/^([ \t]*\n)+/, "").replace(/\s*$/, "");
    const text = braced && !firstOnBraceLine ? c : indent + c.replace(/^[ \t]+/, "");
    return declares ? `${indent}{\n${text.replace(/^(?=[^\n])/gm, unit)}\n${indent}}` : text;
  });
  return { text: pieces.join("\n"), braced, indent: headerIndent };
}

export function unroll(ctx: TransformContext, v: string, factor: number, line?: number): TransformResult {
  const plan = planUnroll(ctx, v, factor, line);
  if (typeof plan === "string") return refuse(plan);
  const { loop } = plan;
  const t = ctx.text;
  const body = copies(ctx, plan, loop, factor);
  const main = `${plan.header} {\n${body.text}\n${lineIndent(t, loop.span.start)}}`;
  const rest = t.slice(loop.parts!.headerClose, loop.span.end);
  const edit: TextEdit = replaceStatement(t, loop.span.start, loop.span.end, main + (plan.divisible ? "" : plan.epilogue(rest)));
  return {
    ok: true,
    title: `Unroll loop ${v} by ${factor}${plan.divisible ? "" : " (with a remainder loop)"}`,
    edits: [edit], text: applyEdits(t, [edit]), notes: [],
  };
}
