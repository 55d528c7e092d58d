// Fusion: a nest and the nest right after it (same block, only blank lines or comments
// between) become one, level by level while their loop headers are identical. Legal iff
// splitting the fused nest back at the seam would be legal: no dependence from a statement of
// the second nest to one of the first (the second nest's iteration i would otherwise run
// before the first nest's iteration j > i that it depends on).
//   for (i..) a[i] = b[i];  for (i..) c[i] = a[i] * 2;   --fuse   ->   for (i..) { a[i] = b[i]; c[i] = a[i] * 2; }

import type { Loop, Nest } from "../ir/types";
import { dependences } from "../analysis/dependences";
import { distributionBlockers, type Part } from "../analysis/distribution";
import { applyEdits, firstNotRewritable, indentUnit, lineIndent, opaqueInside, ownBlock, perfectChain, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/** Statements of a loop body as text, without the braces and surrounding blank lines. */
function innerText(t: string, l: Loop): string {
  const b = l.bodySpan!;
  const raw = t.slice(b.start, b.end);
  const inner = raw.startsWith("{") ? raw.slice(1, -1) : `\n${lineIndent(t, b.start)}${raw}`;
  return inner.replace(/^([ \t]*\n)+/, "").replace(/\s+$/, "");
}

export function fuse(ctx: TransformContext, all: readonly Nest[], reanalyze: (text: string) => readonly Nest[]): TransformResult {
  const t = ctx.text;
  const first = ctx.nest.root;
  const next = all.find((n) => n.root.span.start > first.span.end && /^(\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*$/.test(t.slice(first.span.end, n.root.span.start)));
  if (!next) return refuse(`no nest follows ${ctx.nest.id} in the same block (only blank lines or comments may sit between two nests to fuse)`);
  const fixed = firstNotRewritable([first, next.root]);
  if (fixed) return refuse(fixed);
  for (const n of [ctx.nest, next]) { const o = opaqueInside(n.root); if (o) return refuse(`nest ${n.id} holds a construct that is not analysed: ${o}`); }
  const a = perfectChain(first), b = perfectChain(next.root);
  let depth = 0;
  while (depth < Math.min(a.length, b.length) && a[depth].parts && b[depth].parts
    && norm(t.slice(a[depth].span.start, a[depth].parts!.headerClose)) === norm(t.slice(b[depth].span.start, b[depth].parts!.headerClose))) depth++;
  if (depth === 0) return refuse(`the headers of ${ctx.nest.id} and ${next.id} differ (${norm(t.slice(first.span.start, first.parts?.headerClose ?? first.span.start))} vs ${norm(t.slice(next.root.span.start, next.root.parts?.headerClose ?? next.root.span.start))}); fusion needs identical loops`);
  const la = a[depth - 1], lb = b[depth - 1];
  if (!la.bodySpan || !lb.bodySpan) return refuse("a loop has no body");
  // Text: the first nest down to its level-`depth` body, both bodies, then its closing text.
  const indent = lineIndent(t, la.span.start);
  // The first body's declarations must not meet the second body (a second `float v` in one
  // scope, or a use of an outer `v` the first body hides): its statements get a block of their own.
  const rawA = innerText(t, la), bodyB = innerText(t, lb);
  const bodyA = la.decls?.length ? ownBlock(rawA, /^[ \t]*/.exec(rawA)![0] || lineIndent(t, la.span.start) + indentUnit(t), indentUnit(t)) : rawA;
  const open = `${t.slice(first.span.start, la.parts!.headerClose)} {`;
  const close = t.slice(la.span.end, first.span.end);
  const fusedText = `${open}\n${bodyA}\n${bodyB}\n${indent}}${close}`;
  // Comments between the two nests move above the fused nest.
  const between = t.slice(first.span.end, next.root.span.start).trim();
  const lead = between ? `${between.split("\n").map((l) => l.trim()).join(`\n${lineIndent(t, first.span.start)}`)}\n${lineIndent(t, first.span.start)}` : "";
  const edit: TextEdit = { start: first.span.start, end: next.root.span.end, newText: lead + fusedText };
  const text = applyEdits(t, [edit]);
  // Legality on the fused nest: split back at the seam must be legal.
  const fused = reanalyze(text).find((n) => n.root.span.start === first.span.start + lead.length);
  if (!fused) return refuse("internal: the fused nest could not be re-read");
  const chain = perfectChain(fused.root).slice(0, depth);
  const inner = chain[chain.length - 1];
  const seam = first.span.start + lead.length + open.length + 1 + bodyA.length + 1;
  const nodes = inner.body;
  const parts: Part[] = [nodes.filter((n) => n.span.start < seam), nodes.filter((n) => n.span.start >= seam)]
    .filter((ns) => ns.length > 0).map((ns) => ({ nodes: ns, start: ns[0].span.start, end: ns[ns.length - 1].span.end }));
  if (parts.length < 2) return refuse("internal: the fused body could not be split at the seam");
  const blocked = distributionBlockers(chain, dependences(fused, ctx.bindings), parts);
  if (blocked) return refuse(`fusing ${ctx.nest.id} with ${next.id} would reorder dependent iterations`, blocked.blockers);
  return {
    ok: true,
    title: `Fuse nest ${ctx.nest.id} with ${next.id} (${depth} loop${depth > 1 ? "s" : ""}: ${chain.map((l) => l.var).join(", ")})`,
    edits: [edit], text, notes: [],
  };
}
