// Unroll a loop by a factor: the body is repeated with the variable advanced (i, i + 1, ...),
// and an epilogue loop runs the remainder (none when the trip count is known to divide).
// Always legal: no iteration changes order. Requires a unit step and a condition of the
// form `i < bound`, `i <= bound`, `i > bound` or `i >= bound`.
//   for (int i = 0; i < n; i++) s += a[i];   --unroll i=2   ->
//   for (int i = 0; i + 1 < n; i += 2) { s += a[i]; s += a[(i + 1)]; }
//   for (int i = 0 + ((n) - (0)) / 2 * 2; i < n; i++) s += a[i];

import type { Node } from "../ir/types";
import { applyEdits, findLoop, lineIndent, opaqueInside, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";

export function unroll(ctx: TransformContext, v: string, factor: number): TransformResult {
  if (!Number.isInteger(factor) || factor < 2 || factor > 64) return refuse(`unroll factor ${factor}: use an integer from 2 to 64`);
  const loop = findLoop(ctx.nest, v);
  if (!loop) return refuse(`no loop ${v} in nest ${ctx.nest.id}`);
  if (!loop.parts || !loop.tripCount || loop.step === null || !loop.bodySpan) return refuse(`loop ${v}: ${loop.unknown?.reason ?? "not understood"}`);
  const opaque = opaqueInside(loop);
  if (opaque) return refuse(`the loop holds a construct that is not analysed: ${opaque}`);
  const { relation, boundText, lowerText, declared } = loop.parts;
  const s = loop.step;
  if (s !== 1n && s !== -1n) return refuse(`loop ${v} has step ${s}; unrolling supports steps 1 and -1`);
  if (!boundText || relation === "!=") return refuse(`the condition of loop ${v} is not of the form ${v} < bound`);
  const up = s === 1n;
  if ((up && relation !== "<" && relation !== "<=") || (!up && relation !== ">" && relation !== ">=")) return refuse(`loop ${v} counts ${up ? "up" : "down"} with condition ${relation}`);
  const t = ctx.text;
  const u = factor;
  // Body copies with v advanced by k (uses are identifier spans inside the body).
  const bodyText = t.slice(loop.bodySpan.start, loop.bodySpan.end);
  const braced = bodyText.startsWith("{");
  const inner = braced ? bodyText.slice(1, -1) : bodyText;
  const innerStart = loop.bodySpan.start + (braced ? 1 : 0);
  // Variables declared in the body would be declared twice: each copy then gets its own block.
  const declares = loop.body.some(function declaresIn(n: Node): boolean {
    if (n.kind === "stmt") return n.scalars.some((x) => x.owner === v && x.kind === "write" && t.slice(n.span.start, n.span.end).includes("="));
    if (n.kind === "if") return [...n.then, ...n.else].some(declaresIn);
    return false;
  });
  const copy = (k: number) => {
    if (k === 0) return inner;
    const uses = (loop.uses ?? []).map((x) => x.start - innerStart).sort((a, b) => b - a);
    let out = inner;
    for (const o of uses) out = out.slice(0, o) + `(${v} ${up ? "+" : "-"} ${k})` + out.slice(o + v.length);
    return out;
  };
  const baseIndent = lineIndent(t, loop.span.start);
  const bodyIndent = /\n([ \t]*)\S/.exec(inner)?.[1] ?? baseIndent + "    ";
  const pieces = Array.from({ length: u }, (_, k) => {
    const c = copy(k).replace(/^([ \t]*\n)+/, "").replace(/\s*$/, "");
    const text = braced ? c : bodyIndent + c.trim();
    return declares ? `${bodyIndent}{\n${text.replace(/^/gm, "    ")}\n${bodyIndent}}` : text;
  });
  const trip = loop.tripCount.evaluate(ctx.bindings);
  const divisible = trip !== null && trip.isInteger() && trip.num % BigInt(u) === 0n;
  const rel = relation;
  const cond = divisible ? t.slice(loop.parts.cond.start, loop.parts.cond.end) : `${v} ${up ? "+" : "-"} ${u - 1} ${rel} ${boundText}`;
  const init = t.slice(loop.parts.init.start, loop.parts.init.end).replace(/;\s*$/, "");
  const header = `for (${init}; ${cond}; ${v} ${up ? "+=" : "-="} ${u})`;
  const main = `${header} {\n${pieces.join("\n")}\n${baseIndent}}`;
  let epilogue = "";
  if (!divisible) {
    const orig = t.slice(loop.span.start, loop.span.end);
    const headerOrig = t.slice(loop.span.start, loop.parts.headerClose);
    const rest = orig.slice(headerOrig.length);
    // Where the main loop stopped: lower + (distance / u) * u, distance = bound - lower (+1 for <=).
    const dist = up ? `(${boundText}) - (${lowerText})${rel === "<=" ? " + 1" : ""}` : `(${lowerText}) - (${boundText})${rel === ">=" ? " + 1" : ""}`;
    const startExpr = `${lowerText} ${up ? "+" : "-"} (${dist}) / ${u} * ${u}`;
    const epiInit = declared ? init.replace(/=.*$/s, `= ${startExpr}`) : `${v} = ${startExpr}`;
    epilogue = `\n${baseIndent}for (${epiInit}; ${t.slice(loop.parts.cond.start, loop.parts.cond.end)}; ${t.slice(loop.parts.update.start, loop.parts.update.end)})${rest}`;
  }
  const edit: TextEdit = { start: loop.span.start, end: loop.span.end, newText: main + epilogue };
  return {
    ok: true,
    title: `Unroll loop ${v} by ${u}${divisible ? "" : " (with a remainder loop)"}`,
    edits: [edit], text: applyEdits(t, [edit]), notes: [],
  };
}
