// Fission (distribution): the loops of the outer perfect band are copied around each part of
// the imperfect body, e.g. the course-notes conv becomes bias init; accumulation; activation.
// Legal iff no dependence runs from a later part to an earlier one (those would be reversed:
// after the split every instance of the earlier part runs first), and no variable declared
// inside the distributed loops is shared by two parts (that would need scalar expansion).

import type { Loop } from "../ir/types";
import { distributionBlockers, partsOf } from "../analysis/distribution";
import { applyEdits, firstNotRewritable, replaceStatement, lineIndent, opaqueInside, perfectChain, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";

export function fission(ctx: TransformContext, at?: string): TransformResult {
  const chain = perfectChain(ctx.nest.root);
  const k = at ? chain.findIndex((l) => l.var === at) : chain.length - 1;
  if (k < 0) return refuse(`loop ${at} is not in the outer perfect band (${chain.map((l) => l.var).join(", ")}) of nest ${ctx.nest.id}`);
  const split: Loop = chain[k];
  const fixed = firstNotRewritable(chain);
  if (fixed) return refuse(fixed);
  if (k !== chain.length - 1) return refuse(`the body of loop ${split.var} is a single loop: nothing to split there`);
  const parts = partsOf(split.body);
  if (parts.length < 2) return refuse(`the body of loop ${split.var} has a single part: nothing to split`);
  const opaque = opaqueInside(ctx.nest.root);
  if (opaque) return refuse(`the nest holds a construct that is not analysed: ${opaque}`);
  const body = split.bodySpan;
  if (!body || ctx.text[body.start] !== "{") return refuse(`the body of loop ${split.var} has no braces`);

  const blocked = distributionBlockers(chain, ctx.deps());
  if (blocked) return refuse(blocked.reason, blocked.blockers);

  // Text: prefix (headers down to `{`) + part + suffix, once per part.
  const t = ctx.text;
  const root = ctx.nest.root;
  const interiorStart = body.start + 1, interiorEnd = body.end - 1;
  const closeIndent = lineIndent(t, interiorEnd);
  const bounds: number[] = [interiorStart];
  parts.slice(0, -1).forEach((p) => {
    const nl = t.indexOf("\n", p.end);
    const rest = nl < 0 ? "" : t.slice(p.end, nl);
    bounds.push(nl >= 0 && nl < interiorEnd && /^\s*(\/\*.*?\*\/\s*|\/\/.*)?$/.test(rest) ? nl + 1 : p.end);
  });
  bounds.push(interiorEnd);
  const prefix = t.slice(root.span.start, interiorStart);
  const suffix = t.slice(interiorEnd, root.span.end);
  const copies = parts.map((_, i) => {
    let seg = t.slice(bounds[i], bounds[i + 1]);
    if (!seg.startsWith("\n")) seg = "\n" + seg;
    seg = seg.replace(/\s*$/, "") + "\n" + closeIndent;
    return prefix + seg + suffix;
  });
  const edit: TextEdit = replaceStatement(t, root.span.start, root.span.end, copies.join(`\n\n${lineIndent(t, root.span.start)}`));
  return {
    ok: true,
    title: `Split the nest into ${parts.length} nests at loop ${split.var}`,
    edits: [edit], text: applyEdits(t, [edit]), notes: [],
  };
}
