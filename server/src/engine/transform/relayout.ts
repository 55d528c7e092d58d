// Change an array's data layout (`--relayout I=HWC`): permute its declared dimensions and every
// subscript of it in the file, in every function, so the same logical element I[c][h][w] is
// stored as I[h][w][c]. The layout letters are the array's tensor layout (analysis/roles.ts,
// `arrays[].layout`), so `HWC` names a permutation of `CHW`'s dimensions.
// Legality (relayoutCheck) is separate from the rewrite: every use of the name must be a whole
// element reference, `sizeof` of the whole array, or the argument of a call to a function of this
// file whose parameter has the same name (it is permuted with it); a row (`I[c]`), an address,
// a pointer copy, a macro body or a call to a function not in the file would still see the old
// layout, so they refuse naming the use. A pointer (`float *I`, linearised subscripts) is
// refused: its layout lives in the index arithmetic.
//   float I[C][H][W]; ... I[c][y][x]   --relayout I=HWC   ->   float I[H][W][C]; ... I[y][x][c]

import type { ArrayUses } from "../ir/arrayUses";
import { applyEdits, refuse, type TextEdit, type TransformResult } from "./common";

export type RelayoutCheck = { ok: true; perm: number[]; from: string; notes: string[] } | { ok: false; reason: string; blockers: string[] };

/**
 * Is giving `name` the layout `to` safe, and which permutation is it (new dimension k holds old
 * dimension perm[k])? `seen`: the layouts the file's nests read the array in (they must agree).
 */
export function relayoutCheck(uses: ArrayUses, name: string, seen: readonly string[], to: string): RelayoutCheck {
  const no = (reason: string, blockers: string[] = []): RelayoutCheck => ({ ok: false, reason, blockers });
  if (uses.decls.length === 0) return no(`no declaration of ${name} in this file`);
  for (const d of uses.decls) if (d.problem) return no(`${d.problem} (line ${d.line})`);
  for (const d of uses.decls) if (d.storage === "extern") return no(`${name} is declared extern (line ${d.line}): its definition and its other users are in another file`);
  const rank = uses.decls[0].sizes.length;
  const other = uses.decls.find((d) => d.sizes.length !== rank);
  if (other) return no(`${name} is declared with ${rank} dimensions (line ${uses.decls[0].line}) and with ${other.sizes.length} (line ${other.line})`);
  const layouts = [...new Set(seen)];
  if (layouts.length === 0) return no(`${name} has no tensor layout: no nest of the file reads it as a tensor kernel (analyze --json: arrays[].layout), so the letters ${to} name no dimensions`);
  if (layouts.length > 1) return no(`the nests of the file read ${name} in different layouts (${layouts.join(", ")})`);
  const from = layouts[0];
  if (from.length !== rank) return no(`${name}'s layout ${from} has ${from.length} letters for ${rank} dimensions`);
  if (to.length !== from.length || [...to].sort().join("") !== [...from].sort().join("")) return no(`${to} is not a reordering of ${name}'s layout ${from} (the same letters, in another order)`);
  if (to === from) return no(`${name} is already in the ${from} layout`);
  const perm = [...to].map((r) => from.indexOf(r));
  for (const d of uses.decls) {
    const k = d.sizes.findIndex((s) => s === null);
    if (k >= 0 && perm[k] !== k) return no(`dimension ${k + 1} of ${name} has no size in its declaration (line ${d.line}): the permuted declaration would need one`);
  }
  const partial = uses.refs.find((r) => r.indices.length !== rank);
  if (partial) return no(`${partial.text} (line ${partial.line}) takes a sub-array of ${name}, whose meaning depends on the layout`);
  for (const r of uses.refs) {
    const inner = uses.refs.find((q) => q !== r && q.start >= r.start && q.end <= r.end);
    if (inner) return no(`${r.text} (line ${r.line}) indexes ${name} with an element of ${name} itself: not rewritten`);
  }
  if (uses.escapes.length) {
    const e = uses.escapes[0];
    return no(`${name} escapes at line ${e.line} (${e.text}): ${e.why}`, uses.escapes.map((x) => `line ${x.line}: ${x.text}`));
  }
  for (const c of uses.paramCalls)
    if (c.argument?.replace(/[()\s]/g, "") !== name) return no(`${c.callee}() is called with ${c.argument ?? "nothing"} for its parameter ${name} (line ${c.line}: ${c.text}): that argument would have to change layout too`);
  for (const c of uses.calls) {
    // memset of the whole array (sizeof it) writes every byte alike: the layout does not matter.
    if (c.callee === "memset" && c.arg === 0 && c.lastIsSizeOf === name) continue;
    const params = uses.functions.get(c.callee);
    if (!params) return no(`${name}'s address escapes to ${c.callee}() (line ${c.line}: ${c.text}), a function not defined in this file: it would read ${name} in the old layout`);
    if (params[c.arg] !== name) return no(`${name} is passed to ${c.callee}() (line ${c.line}) as its parameter ${params[c.arg] ?? `#${c.arg + 1}`}: change that parameter's layout too, or rename it ${name}`);
  }
  const notes: string[] = [];
  const fns = [...new Set(uses.decls.filter((d) => d.scope === "param").map((d) => d.fn).filter((f): f is string => !!f))];
  if (fns.length) notes.push(`the signature of ${fns.map((f) => `${f}()`).join(", ")} changes: callers outside this file must pass ${name} in the ${to} layout`);
  if (uses.decls.some((d) => d.scope === "global" && d.storage !== "static")) notes.push(`${name} is a global with external linkage: other files that use it must use the ${to} layout`);
  return { ok: true, perm, from, notes };
}

/** The rewrite: every declaration's sizes and every reference's subscripts permuted. */
export function relayout(text: string, uses: ArrayUses, name: string, seen: readonly string[], to: string): TransformResult {
  const c = relayoutCheck(uses, name, seen, to);
  if (!c.ok) return refuse(c.reason, c.blockers);
  const edits: TextEdit[] = [];
  const permuted = (spans: readonly ({ start: number; end: number; text: string } | null)[]) =>
    spans.forEach((s, k) => { const src = spans[c.perm[k]]; if (s && src && k !== c.perm[k]) edits.push({ start: s.start, end: s.end, newText: src.text }); });
  for (const d of uses.decls) permuted(d.sizes);
  for (const r of uses.refs) permuted(r.indices);
  const fns = [...new Set(uses.refs.map((r) => r.fn).filter((f): f is string => !!f))];
  // A parameter's new layout is part of the signature: the title says so (an editor shows only it).
  const params = [...new Set(uses.decls.filter((d) => d.scope === "param").map((d) => d.fn).filter((f): f is string => !!f))];
  const callers = params.length ? `; ${params.map((f) => `${f}()`).join(", ")} now take${params.length > 1 ? "" : "s"} ${name} as ${to}: callers outside this file must pass the new layout` : "";
  return {
    ok: true,
    title: `Change ${name} to ${to} layout (was ${c.from}): ${uses.decls.length} declaration${uses.decls.length > 1 ? "s" : ""} and ${uses.refs.length} reference${uses.refs.length === 1 ? "" : "s"}${fns.length ? ` in ${fns.map((f) => `${f}()`).join(", ")}` : ""}${callers}`,
    edits, text: applyEdits(text, edits), notes: c.notes,
  };
}

/**
 * The other common layout of a tensor: channel-last when the channel (C, else K) is not last
 * (CHW -> HWC, NCHW -> NHWC, KCRS -> KRSC), else channel-first after a batch N (HWC -> CHW);
 * null when the layout has no channel.
 */
export function otherLayout(layout: string): string | null {
  const ch = layout.includes("C") ? "C" : layout.includes("K") ? "K" : null;
  if (!ch || layout.length < 2) return null;
  const rest = layout.replace(ch, "");
  const to = !layout.endsWith(ch) ? rest + ch : rest.startsWith("N") ? `N${ch}${rest.slice(1)}` : ch + rest;
  return to === layout ? null : to;
}

