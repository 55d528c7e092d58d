// Fission (distribution): the loops of the outer perfect band are copied around each part of
// the imperfect body, e.g. the course-notes conv becomes bias init; accumulation; activation.
// Legal iff no dependence runs from a later part to an earlier one (those would be reversed:
// after the split every instance of the earlier part runs first), and no variable declared
// inside the distributed loops is shared by two parts (that would need scalar expansion).
// With a line (`--fission --at LINE`) the split is at an inner level: the loop on that line (and
// its perfect band) is copied around each part, inside the loops around it.

import type { Loop } from "../ir/types";
import { partsOf, planDistribution } from "../analysis/distribution";
import { within } from "../analysis/carried";
import { applyEdits, firstNotRewritable, loopsOf, replaceStatement, indentUnit, lineIndent, opaqueInside, perfectChain, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";

export function fission(ctx: TransformContext, at?: string, line?: number): TransformResult {
  // `line`: split at an inner level, the loop on that line and its perfect band below it; the
  // loops around it stay whole, so only dependences inside one of their iterations matter.
  let root: Loop = ctx.nest.root;
  if (line !== undefined) {
    const top = loopsOf(ctx.nest.root).find((l) => l.span.line === line);
    if (!top) return refuse(`no loop on line ${line} in nest ${ctx.nest.id}`);
    root = top;
  }
  const deps = root === ctx.nest.root ? ctx.deps() : within(ctx.deps(), ctx.nest.root, root).deps;
  const chain = perfectChain(root);
  const k = at ? chain.findIndex((l) => l.var === at) : chain.length - 1;
  if (k < 0) return refuse(`loop ${at} is not in the outer perfect band (${chain.map((l) => l.var).join(", ")}) of nest ${ctx.nest.id}`);
  const split: Loop = chain[k];
  const fixed = firstNotRewritable(chain);
  if (fixed) return refuse(fixed);
  if (k !== chain.length - 1) return refuse(`the body of loop ${split.var} is a single loop: nothing to split there`);
  const parts = partsOf(split);
  if (parts.length < 2) return refuse(`the body of loop ${split.var} has a single part: nothing to split`);
  const opaque = opaqueInside(root);
  if (opaque) return refuse(`the nest holds a construct that is not analysed: ${opaque}`);
  const body = split.bodySpan;
  if (!body || ctx.text[body.start] !== "{") return refuse(`the body of loop ${split.var} has no braces`);

  const plan = planDistribution(chain, deps);
  if ("reason" in plan) return refuse(plan.reason, plan.blockers);
  const kept = parts.map((_, i) => i).filter((i) => !plan.dropped.has(i));
  const moved = plan.placements.filter((x) => x.moved).flatMap((x) => x.decl.names);
  if (kept.length < 2) return refuse(`the body of loop ${split.var} has a single part once each declaration stays with its uses (${moved.join(", ")}): nothing to split`);

  // Text: prefix (headers down to `{`) + part + suffix, once per part; a part starts with the
  // declarations copied or moved into it, and loses those that moved away.
  const t = ctx.text;
  const interiorStart = body.start + 1, interiorEnd = body.end - 1;
  const interior = t.slice(interiorStart, interiorEnd);
  const indent = /\n([ \t]*)\S/.exec(interior)?.[1] ?? lineIndent(t, split.span.start) + indentUnit(t);
  const closeIndent = /^[ \t]*$/.test(t.slice(t.lastIndexOf("\n", interiorEnd - 1) + 1, interiorEnd)) ? lineIndent(t, interiorEnd) : lineIndent(t, split.span.start);
  const bounds: number[] = [interiorStart];
  parts.slice(0, -1).forEach((p) => {
    const nl = t.indexOf("\n", p.end);
    const rest = nl < 0 ? "" : t.slice(p.end, nl);
    bounds.push(nl >= 0 && nl < interiorEnd && /^\s*(\/\*.*?\*\/\s*|\/\/.*)?$/.test(rest) ? nl + 1 : p.end);
  });
  bounds.push(interiorEnd);
  const prefix = t.slice(root.span.start, interiorStart);
  const suffix = t.slice(interiorEnd, root.span.end);
  /** [from, to) of a declaration that leaves: its whole line when it stands alone on it. */
  const removal = (s: { start: number; end: number }): [number, number] => {
    const ls = t.lastIndexOf("\n", s.start - 1) + 1;
    let e = s.end;
    while (e < t.length && (t[e] === " " || t[e] === "\t")) e++;
    const alone = /^[ \t]*$/.test(t.slice(ls, s.start)) && (t[e] === "\n" || e >= t.length);
    return alone ? [Math.max(ls, bounds[0]), Math.min(e + 1, interiorEnd)] : [s.start, e];
  };
  // Where each copied piece came from (offsets into `joined` -> into the source), so messages
  // about the split text can name the user's lines (originOf).
  const pieces: { at: number; from: number; length: number }[] = [];
  const sep = `\n\n${lineIndent(t, root.span.start)}`;
  let pos = 0;
  const copies = kept.map((i) => {
    const cuts = plan.placements.filter((x) => x.home === i && x.moved).map((x) => removal(x.decl.span)).sort((a, b) => b[0] - a[0]);
    let seg = t.slice(bounds[i], bounds[i + 1]);
    for (const [a, b] of cuts) seg = seg.slice(0, Math.max(0, a - bounds[i])) + seg.slice(Math.max(0, b - bounds[i]));
    // Text on the `{` line (`{ float acc = 0.0f;`) moves to a line of its own.
    if (!/^[ \t]*\n/.test(seg)) seg = t[bounds[i] - 1] === "\n" ? `\n${seg}` : `\n${indent}${seg.replace(/^[ \t]+/, "")}`;
    const addedDecls = plan.placements.filter((x) => x.copies.includes(i)).map((x) => x.decl.span);
    const added = addedDecls.map((d) => `\n${indent}${t.slice(d.start, d.end)}`).join("");
    seg = added + seg.replace(/^[ \t]*\n/, "\n");
    seg = seg.replace(/\s*$/, "") + "\n" + closeIndent;
    const copy = prefix + seg + suffix;
    // The pieces of source text in this copy, found in order.
    pieces.push({ at: pos, from: root.span.start, length: prefix.length });
    const chunks: [number, number][] = addedDecls.map((d) => [d.start, d.end]);
    let a = bounds[i];
    for (const [x, y] of [...cuts].reverse()) { if (x > a) chunks.push([a, x]); a = Math.max(a, y); }
    if (bounds[i + 1] > a) chunks.push([a, bounds[i + 1]]);
    let cur = prefix.length;
    for (const [x, y] of chunks) {
      const raw = t.slice(x, y), text = raw.trim();
      const at = text ? copy.indexOf(text, cur) : -1;
      if (at < 0) continue;
      pieces.push({ at: pos + at, from: x + (raw.length - raw.trimStart().length), length: text.length });
      cur = at + text.length;
    }
    pieces.push({ at: pos + copy.length - suffix.length, from: interiorEnd, length: suffix.length });
    pos += copy.length + sep.length;
    return copy;
  });
  const joined = copies.join(sep);
  const edit: TextEdit = replaceStatement(t, root.span.start, root.span.end, joined);
  const base = edit.start + edit.newText.indexOf(joined);
  const notes = plan.placements.filter((x) => x.copies.length).map((x) =>
    x.moved && x.copies.length === 1 ? `the declaration of ${x.decl.names.join(", ")} moves to the part that uses it`
      : `the declaration of ${x.decl.names.join(", ")} (a pure initialiser) is repeated in each part that uses it`);
  return {
    ok: true,
    title: root === ctx.nest.root ? `Split the nest into ${kept.length} nests at loop ${split.var}` : `Split loop ${root.var} (line ${root.span.line}) into ${kept.length} loops${split === root ? "" : ` at loop ${split.var}`}`,
    edits: [edit], text: applyEdits(t, [edit]), notes,
    origins: pieces.map((p) => ({ ...p, at: p.at + base })),
  };
}

/** The source offset an offset of a fission result's text was copied from (null: new text). */
export function originOf(r: { readonly edits: readonly TextEdit[]; readonly origins?: readonly { at: number; from: number; length: number }[] }, offset: number): number | null {
  const e = r.edits[0];
  if (!e || offset < e.start) return offset;
  if (offset >= e.start + e.newText.length) return offset - (e.newText.length - (e.end - e.start));
  const p = r.origins?.find((x) => offset >= x.at && offset < x.at + x.length);
  return p ? p.from + (offset - p.at) : null;
}
