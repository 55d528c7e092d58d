// A counted `while` with pointer walks, as in CMSIS-style code, becomes a `for` loop with
// subscripts, so that the nest around it can be split, reordered and tiled like any other:
//   for (x..) { const float *p = in + x; float s = 0; int cnt = h;       for (x..) { float s = 0;
//     while (cnt--) { s += *p; p += w; }                          ->       for (int cnt = 0; cnt < h; cnt++) { s += in[x + cnt*w]; }
//     out[x] = s / h; }                                                    out[x] = s / h; }
// Each access through a walked pointer is written as a subscript of the array it walks, at the
// offset the memory model proved (ir/memory.ts); the pointer's steps, its declaration and the
// counter's are removed. Legal when the counter and every walked pointer are locals of the
// enclosing loop's body, pure when declared, used only inside the while (the counter in its
// header and its step, a pointer only through dereferences and its steps), and when the walked
// arrays are 1-D (a pointer or a 1-D array: a flat offset is a subscript of it). The rewrite is
// checked before it is returned: the new text, lowered again, must make the same accesses at
// the same offsets, with the same trip counts (a translation check: a textual slip refuses).
// Other variables stepped in the body (`i += 4;`) keep their statements. A do-while (its body
// runs at least once) and a while whose body reads its counter are refused, with the reason.

import type { Access, LocalDecl, Loop, Nest, Node } from "../ir/types";
import { Poly } from "../symbolic/poly";
import { accessesIn } from "../analysis/loopOrder";
import { applyEdits, loopsOf, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";

/** The loop whose body holds `w` directly (through ifs), or null when `w` is the root. */
function parentOf(root: Loop, w: Loop): Loop | null {
  const holds = (n: Node): boolean => n === w || (n.kind === "if" && [...n.then, ...n.else].some(holds));
  for (const l of loopsOf(root)) if (l.body.some(holds)) return l;
  return null;
}

const inside = (s: { start: number; end: number }, o: number) => o >= s.start && o < s.end;

/** `TYPE NAME = INIT;` of a one-name declaration, or null. */
function declParts(text: string, d: LocalDecl): { type: string; init: string } | null {
  const src = text.slice(d.span.start, d.span.end);
  const name = d.names[0];
  const m = new RegExp(`^([\\s\\S]*?)\\b${name}\\s*=\\s*([\\s\\S]+?)\\s*;$`).exec(src);
  if (!m) return null;
  const type = m[1].replace(/\b(register|auto)\b/g, "").replace(/\s+/g, " ").trim();
  return type ? { type, init: m[2] } : null;
}

/** The edit deleting a declaration statement, with its line when nothing else is on it. */
function deleteDecl(text: string, d: { readonly span: { readonly start: number; readonly end: number } }): TextEdit {
  const ls = text.lastIndexOf("\n", d.span.start - 1) + 1;
  let le = text.indexOf("\n", d.span.end);
  if (le < 0) le = text.length;
  if (!text.slice(ls, d.span.start).trim() && !text.slice(d.span.end, le).trim()) return { start: ls, end: Math.min(le + 1, text.length), newText: "" };
  return { start: d.span.start, end: d.span.end, newText: "" };
}

/** A statement of `w`'s body that only steps `name` (`p++;`, `p += w;`, `cnt--;`), as a span. */
function stepStatements(text: string, w: Loop, name: string): { start: number; end: number }[] {
  const re = new RegExp(`^(?:(?:\\+\\+|--)\\s*${name}|${name}\\s*(?:\\+\\+|--|[-+]=[^;=]+))\\s*;$`);
  return w.body.filter((n) => n.kind === "stmt" && re.test(text.slice(n.span.start, n.span.end).trim())).map((n) => n.span);
}

const rank = (text: string) => (sym: string) => { const m = new RegExp(`\\b${sym.replace(/[^\w]/g, "\\$&")}\\b`).exec(text); return m ? m.index : Number.MAX_SAFE_INTEGER; };

export interface WhilePlan { readonly loop: Loop; readonly edits: readonly TextEdit[]; readonly notes: readonly string[]; readonly title: string }

/** The counted while to rewrite: on `line`, else the first one in the nest. */
function targetWhile(nest: Nest, line?: number): Loop | string {
  const all = loopsOf(nest.root).filter((l) => l.counted);
  const hit = line === undefined ? all[0] : all.find((l) => l.span.line === line);
  if (hit) return hit;
  const whiles = all.map((l) => l.span.line).join(", ");
  return line === undefined ? `nest ${nest.id} has no while or do loop with a known trip count` : `no counted while loop on line ${line}${whiles ? ` (counted while loops of nest ${nest.id}: line${all.length > 1 ? "s" : ""} ${whiles})` : ""}`;
}

function plan(ctx: TransformContext, line: number | undefined, boundOf: "init" | "trip"): WhilePlan | string {
  const { text, nest } = ctx;
  const w = targetWhile(nest, line);
  if (typeof w === "string") return w;
  const c = w.counted!;
  const at = `${c.text} (line ${w.span.line})`;
  if (c.form === "do") return `${at}: a do-while runs its body at least once; only while loops are rewritten`;
  if (!w.tripCount) return `${at}: its trip count is not known`;
  const parent = parentOf(nest.root, w);
  if (!parent) return `${at} is the nest's outermost loop: its counter and pointers are not locals of a loop body (nothing around it to reorder it with)`;
  const declOf = (name: string): LocalDecl | string => {
    const d = (parent.decls ?? []).find((x) => x.names.includes(name));
    if (!d) return `${name} is not declared in the body of loop ${parent.var} (line ${parent.span.line}): its value may flow from one iteration to the next`;
    if (d.names.length > 1) return `${name} is declared together with ${d.names.filter((x) => x !== name).join(", ")}: declare it on its own`;
    if (d.impure) return `${name}'s initialiser ${d.impure}`;
    return d;
  };
  const edits: TextEdit[] = [];
  const notes: string[] = [];
  // The counter: used in the header and its step only.
  const cd = declOf(c.counter);
  if (typeof cd === "string") return `${at}: ${cd}`;
  const cparts = declParts(text, cd);
  if (!cparts) return `${at}: the declaration of ${c.counter} is not \`TYPE ${c.counter} = VALUE;\``;
  const counterSteps = stepStatements(text, w, c.counter);
  for (const u of cd.uses) {
    if (!inside(w.span, u.start)) return `${at}: ${c.counter} is used after the loop (line ${lineOf(text, u.start)}), where it holds the value the while left`;
    if (!inside(w.header, u.start) && !counterSteps.some((s) => inside(s, u.start))) return `${at}: the body reads the counter ${c.counter} (line ${lineOf(text, u.start)}): not rewritten`;
  }
  // The walked pointers: every access through a pointer the while steps.
  const accesses = accessesIn(w);
  const walked = new Map<string, LocalDecl>();
  for (const a of accesses) {
    if (!a.via || walked.has(a.via)) continue;
    // A pointer that never changes (a row pointer `p[k]`) is left as it is.
    const d = (parent.decls ?? []).find((x) => x.names.includes(a.via!));
    if (d && !d.modified) continue;
    const ok = declOf(a.via);
    if (typeof ok === "string") return `${at}: ${ok}`;
    walked.set(a.via, ok);
  }
  const replaced: Access[] = [];
  for (const [name, d] of walked) {
    const steps = stepStatements(text, w, name);
    const mine = accesses.filter((a) => a.via === name);
    for (const u of d.uses) {
      if (!inside(w.span, u.start)) return `${at}: ${name} is used after the loop (line ${lineOf(text, u.start)}), where it points where the walk ended`;
      if (!steps.some((s) => inside(s, u.start)) && !mine.some((a) => inside(a.span, u.start))) return `${at}: ${name} is used other than through a dereference (line ${lineOf(text, u.start)}): not rewritten`;
    }
    for (const a of mine) {
      if (!a.offset) return `${at}: the offset of ${a.text} (line ${a.span.line}) is not known${a.reason ? `: ${a.reason}` : ""}`;
      if (a.info && a.info.dims.length > 1) return `${at}: ${name} walks the ${a.info.dims.length}-D array ${a.array}: its offset is not one subscript`;
      if (!/^[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*$/.test(a.array)) return `${at}: ${name} walks ${a.array}, which has no name to subscript`;
      replaced.push(a);
    }
    for (const s of steps) edits.push(deleteLine(text, s));
    edits.push(deleteDecl(text, d));
  }
  for (const s of counterSteps) edits.push(deleteLine(text, s));
  edits.push(deleteDecl(text, cd));
  const order = rank(text.slice(nest.root.span.start));
  const name = c.counter;
  const v = w.var;
  for (const a of replaced) {
    const off = a.offset!.substitute(v, Poly.symbol(name)).toC(order);
    if (off === null) return `${at}: the offset of ${a.text} has no exact integer form in C`;
    edits.push({ start: a.span.start, end: a.span.end, newText: `${a.array}[${off}]` });
  }
  // The header: a count from 0 to the trip count.
  const trip = w.tripCount.toC(order);
  const plainInit = /^[\w.>\s*+-]+$/.test(cparts.init) && !/->\s*$/.test(cparts.init) ? cparts.init : `(${cparts.init})`;
  const bound = boundOf === "init" ? plainInit : trip === null ? null : cparts.type === "int" ? trip : `(${cparts.type})${/^\w+$/.test(trip) ? trip : `(${trip})`}`;
  if (bound === null) return `${at}: its trip count ${w.tripCount.toString()} has no exact integer form in C`;
  edits.push({ start: w.header.start, end: w.header.end, newText: `for (${cparts.type} ${name} = 0; ${name} < ${bound}; ${name}++)` });
  const unsigned = /\bunsigned\b|^(size_t|uint\w*)$/.test(cparts.type);
  if (c.requires && c.requires.min <= 0 && !unsigned) notes.push(`as written, ${c.requires.why}; the for loop then runs no iteration`);
  const walks = [...walked.keys()];
  if (walks.length) notes.push(`${walks.join(", ")} ${walks.length > 1 ? "are" : "is"} replaced by subscripts: ${replaced.map((a) => `${a.text} -> ${edits.find((e) => e.start === a.span.start)!.newText}`).filter((x, i, xs) => xs.indexOf(x) === i).join(", ")}`);
  return { loop: w, edits, notes, title: `Rewrite ${c.text} as a for loop${walks.length ? ` with subscripts for ${walks.join(", ")}` : ""}` };
}

/** The edit deleting a statement with its whole line (it is alone on it) or just its text. */
function deleteLine(text: string, s: { start: number; end: number }): TextEdit {
  return deleteDecl(text, { span: s });
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/** Where `offset` of the old text is after `edits` (which do not cover it). */
function shifted(edits: readonly TextEdit[], offset: number): number {
  let d = 0;
  for (const e of edits) if (e.end <= offset) d += e.newText.length - (e.end - e.start);
  return offset + d;
}

/** The accesses of a nest as comparable keys, the loop `from` named `to`. */
function accessKeys(root: Loop, from: string, to: string): string[] {
  return accessesIn(root).map((a) => `${a.array} ${a.kind} ${a.offset ? a.offset.substitute(from, Poly.symbol(to)).key() : `? ${a.text}`}`);
}
function tripKeys(root: Loop, from: string, to: string): string[] {
  return loopsOf(root).map((l) => `${l.var === from ? to : l.var} ${l.tripCount ? l.tripCount.substitute(from, Poly.symbol(to)).key() : "?"}`);
}

export function whileToFor(ctx: TransformContext, line: number | undefined, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  let first: string | null = null;
  for (const boundOf of ["init", "trip"] as const) {
    const p = plan(ctx, line, boundOf);
    if (typeof p === "string") return refuse(p);
    const out = applyEdits(ctx.text, p.edits);
    // The translation check: the same accesses at the same offsets, the same trip counts.
    const header = shifted(p.edits, p.loop.header.start);
    const root = shifted(p.edits, ctx.nest.root.span.start);
    const again = reanalyze(out).find((n) => n.root.span.start === root);
    const name = p.loop.counted!.counter;
    const loop = again && loopsOf(again.root).find((l) => l.header.start === header);
    const why = !again || !loop ? "the rewritten nest is not found again"
      : !loop.parts || loop.var !== name ? `the new loop is not understood as a for over ${name}`
      : accessKeys(ctx.nest.root, p.loop.var, name).join("\n") !== accessKeys(again.root, name, name).join("\n") ? "the rewritten accesses do not match the walked ones"
      : tripKeys(ctx.nest.root, p.loop.var, name).join("\n") !== tripKeys(again.root, name, name).join("\n") ? "the trip counts do not match" : null;
    if (!why) return { ok: true, title: p.title, edits: p.edits, text: out, notes: p.notes };
    first ??= why;
  }
  return refuse(`${ctx.nest.id}: the while loop could not be rewritten exactly (${first})`);
}
