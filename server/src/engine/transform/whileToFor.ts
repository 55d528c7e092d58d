// Loops as embedded C writes them, made plain for the other rewrites (the form stage of
// --optimize, optimize/search.ts):
// - `--while-to-for`: a counted `while` (CMSIS style) becomes a `for` loop, its pointer walks
//   subscripts, so that the nest around it can be split, reordered and tiled like any other:
//     for (x..) { const float *p = in + x; float s = 0; int cnt = h;     for (x..) { float s = 0;
//       while (cnt--) { s += *p; p += w; }                        ->     for (int cnt = 0; cnt < h; cnt++) { s += in[x + w*cnt]; }
//       out[x] = s / h; }                                                out[x] = s / h; }
// - `--subscripts`: the pointer walks of a `for` loop (`acc += *w++ * *px++;`) become subscripts.
// Each access through a walked pointer is written as a subscript of the array it walks, at the
// offset the memory model proved (ir/memory.ts); the pointer's steps, its entry value and the
// counter's go. The counter and each walked pointer (one stepped in the loop whose value comes
// from before it) must get that entry value in the block that holds the loop, before it: from
// their declaration there (`int cnt = h;`) or from one assignment there (C89 style, declared at
// the top of the function: `cnt = h;`). Every other use is inside the loop: the counter in its
// header and its step, a pointer through dereferences and its steps. Walked arrays are pointers
// or 1-D arrays (a flat offset is one subscript of them). Locals that fed only the removed entry
// values and now only update themselves (`i = i + n;`), or are not read at all, go too (gcc
// -Wall would flag them as set but not used).
// The rewrite is checked before it is returned: the text, lowered again without assumed values,
// must make the same accesses at the same offsets, with the same trip counts (a translation
// check: a slip refuses). Pointers whose value does not come from before the loop, that are
// passed on (`f(p)`) or read after it keep their walk (their statements stay), as do other
// stepped variables. A do-while (its body runs at least once) and a while whose body reads its
// counter are refused, with the reason.

import type { Access, Loop, Nest } from "../ir/types";
import type { SyntaxNode } from "../syntax/parser";
import { Poly } from "../symbolic/poly";
import { accessesIn } from "../analysis/loopOrder";
import { parametersOf, readDeclarator } from "../ir/declarations";
import { applyEdits, deleteWithLine, firstUse, loopsOf, refuse, type TextEdit, type TransformContext, type TransformResult } from "./common";
import { assignmentAt, loopOfBody, mentionsIn, pure, removeDeclarators, statementOf, variableFrom, within, type Range, type Variable } from "./cst";

const inside = (s: Range, o: number) => o >= s.start && o < s.end;


/** The declaration of `name` visible at `at`, searching the blocks around it outwards; a string when it is a parameter or not local. */
function variableAt(fn: SyntaxNode, at: SyntaxNode, name: string): Variable | string {
  for (let child: SyntaxNode = at, b = at.parent; b; child = b, b = b.parent) {
    if (b.type === "function_definition") break;
    if (b.type === "for_statement" && b.childForFieldName("initializer")?.descendantsOfType("identifier").some((x) => x?.text === name)) return `${name} is declared in the header of the for loop at line ${b.startPosition.row + 1}`;
    if (b.type !== "compound_statement") continue;
    let found: Variable | null = null;
    for (const c of b.namedChildren) {
      if (!c || c.startIndex >= child.startIndex) break;
      if (c.type !== "declaration") continue;
      for (const x of c.childrenForFieldName("declarator")) {
        const d = x && readDeclarator(x);
        if (d?.name === name) found = { name, decl: c, declarator: x!, value: d.value, mentions: [] };
      }
    }
    if (found) return variableFrom(found.decl, found.declarator, name);
  }
  const params = fn.childForFieldName("declarator")?.descendantsOfType("identifier").some((x) => x?.text === name);
  return params ? `${name} is a parameter of the function` : `${name} is not a local variable of the function`;
}

/**
 * Why the parameter `name` cannot be walked by subscripts in the loop `w` (null when it can): it
 * must keep its entry value up to the loop (only read before it) and not be mentioned after it
 * (its value there would be the one the walk left), and no local may share its name.
 */
function paramUse(fn: SyntaxNode, w: SyntaxNode, name: string): string | null {
  const body = fn.childForFieldName("body");
  if (!body) return `the function has no body`;
  for (const d of body.descendantsOfType(["declaration", "parameter_declaration"]))
    for (const x of d?.childrenForFieldName("declarator") ?? []) if (x && readDeclarator(x)?.name === name) return `a local of the function is also named ${name}`;
  for (const m of body.descendantsOfType("identifier")) {
    if (!m || m.text !== name || (m.startIndex >= w.startIndex && m.startIndex < w.endIndex)) continue;
    const line = m.startPosition.row + 1;
    if (m.startIndex >= w.endIndex) return `the parameter ${name} is used after the loop (line ${line}), where it holds the value the loop left`;
    const p = m.parent;
    const writes = (p?.type === "update_expression") || (p?.type === "assignment_expression" && p.childForFieldName("left")?.startIndex === m.startIndex)
      || (p?.type === "pointer_expression" && p.text.startsWith("&"));
    if (writes) return `the parameter ${name} is changed before the loop (line ${line})`;
  }
  return null;
}

const isParameter = (fn: SyntaxNode, name: string) => parametersOf(fn).some((p) => p.declarator?.name === name);

/** The parameter's C type as declared (`int`, `uint32_t`), for a counter taking its place. */
function paramType(fn: SyntaxNode, name: string): string {
  const p = parametersOf(fn).find((x) => x.declarator?.name === name)?.decl;
  return (p?.childForFieldName("type")?.text ?? "int").replace(/\bconst\b\s*/g, "").replace(/\s+/g, " ").trim() || "int";
}

/**
 * Where `v` gets the value it enters the while `w` with, and the edits that remove it: its one
 * assignment in w's block before w, or its declaration there. Every mention outside w must be
 * that entry. A string says why not.
 */
function entryOf(text: string, v: Variable, w: SyntaxNode): { value: SyntaxNode; edits: TextEdit[]; type: string; variable: Variable } | string {
  const block = w.parent;
  if (block?.type !== "compound_statement") return `the while loop is not a statement of a block`;
  const outside = v.mentions.filter((m) => m.startIndex < w.startIndex || m.startIndex >= w.endIndex);
  let entry: SyntaxNode | null = null;
  const edits: TextEdit[] = [];
  for (const m of outside) {
    const set = assignmentAt(m, v.name);
    if (!set)
      return `${v.name} is used ${m.startIndex < w.startIndex ? "before" : "after"} the loop (line ${m.startPosition.row + 1})${m.startIndex >= w.endIndex ? ", where it holds the value the while left" : ""}`;
    const { stmt: s, value: rhs } = set;
    if (entry || s.parent !== block || s.startIndex > w.startIndex) return `${v.name} is assigned at line ${s.startPosition.row + 1}: not once, just before the loop in its block`;
    if (!pure(rhs)) return `${v.name}'s value before the loop (${rhs.text}) has side effects`;
    entry = rhs;
    edits.push(deleteWithLine(text, { start: s.startIndex, end: s.endIndex }));
  }
  if (!entry) {
    if (!v.value) return `${v.name} has no value before the loop`;
    if (v.decl.parent !== block) return `${v.name} is declared outside the block of the loop, and not assigned in it: its value may flow from one iteration to the next`;
    entry = v.value;
  }
  if (v.value && !pure(v.value)) return `${v.name}'s initialiser ${v.value.text} has side effects`;
  const first = v.decl.childrenForFieldName("declarator")[0]!;
  const type = text.slice(v.decl.startIndex, first.startIndex).replace(/\b(register|auto|static)\b/g, "").replace(/\s+/g, " ").trim();
  return { value: entry, edits, type, variable: v };
}

/** Locals that fed only removed entry values and now only update themselves, or are not read at all: their statements and the variables to undeclare. */
function deadUpdates(text: string, fn: SyntaxNode, removed: readonly TextEdit[], fed: ReadonlySet<string>, keep: ReadonlySet<string>): { edits: TextEdit[]; variables: Variable[] } {
  const gone = (n: SyntaxNode) => removed.some((e) => e.start <= n.startIndex && n.endIndex <= e.end);
  const edits: TextEdit[] = [], variables: Variable[] = [];
  const body = fn.childForFieldName("body");
  if (!body) return { edits, variables };
  for (const name of fed) {
    if (keep.has(name)) continue;
    // The declaration of a local of that name in the function's body (not a for header's).
    let v: Variable | null = null;
    for (const d of body.descendantsOfType("declaration")) {
      if (!d || d.parent?.type !== "compound_statement") continue;
      for (const x of d.childrenForFieldName("declarator")) if (x && readDeclarator(x)?.name === name) v = v ? null : variableFrom(d, x, name);
    }
    if (!v || (v.value && !pure(v.value))) continue;
    const stmts = new Set(v.mentions.filter((m) => !gone(m)).map(statementOf));
    if ([...stmts].some((s) => !s || s.type !== "expression_statement" || !isSelfUpdate(s, name))) continue;
    for (const s of stmts) edits.push(deleteWithLine(text, { start: s!.startIndex, end: s!.endIndex }));
    variables.push(v);
  }
  return { edits, variables };
}

/** `v = E;`, `v += E;`, `v++;` with E pure (E may read v). */
function isSelfUpdate(s: SyntaxNode, name: string): boolean {
  const e = s.namedChildren[0];
  if (!e) return false;
  if (e.type === "update_expression") return e.childForFieldName("argument")?.text === name;
  if (e.type !== "assignment_expression" || e.childForFieldName("left")?.text !== name) return false;
  const r = e.childForFieldName("right");
  return !!r && pure(r);
}

/**
 * The resets of a local pointer that each iteration of a loop inside `node` sets afresh before
 * using it (`for (c..) { p = src + c; m = *p; p += cols; for (r..) { ... *p ...; p += cols; } }`),
 * null when it is not one: nothing outside `node` mentions it, the first mention starts a loop
 * body (`p = E;` with E pure and free of p, a statement of that body, which holds every other
 * mention; or p's own declaration there, with such a value), and every mention `walks` does not
 * cover (a step, a dereference) is such a reset. Its value then never crosses an iteration of
 * that loop, so each dereference is the offset the memory model proved, and the resets can go.
 */
function ownResets(node: SyntaxNode, v: Variable, walks: (m: SyntaxNode) => boolean): Range[] | null {
  if (v.mentions.some((m) => !within(m, node))) return null;
  const resets: Range[] = [];
  let body: SyntaxNode | null = null;
  if (within(v.decl, node)) {
    // Declared in a loop body: its scope is that body, entered afresh each iteration.
    if (!v.value || !pure(v.value) || mentionsIn(v.value, v.name).length || !loopOfBody(v.decl.parent)) return null;
    body = v.decl.parent;
    resets.push({ start: v.decl.startIndex, end: v.decl.endIndex });
  } else if (v.value && !pure(v.value)) return null;
  for (const m of [...v.mentions].sort((a, b) => a.startIndex - b.startIndex)) {
    if (walks(m)) { if (!body) return null; continue; }
    const set = assignmentAt(m, v.name);
    if (!set || !pure(set.value)) return null;
    const s = set.stmt;
    if (!body) {
      if (!loopOfBody(s.parent) || !within(s.parent!, node)) return null;
      body = s.parent;
    }
    resets.push({ start: s.startIndex, end: s.endIndex });
  }
  return body && v.mentions.every((m) => within(m, body!)) ? resets : null;
}

export interface WhilePlan { readonly loop: Loop; readonly edits: readonly TextEdit[]; readonly notes: readonly string[]; readonly title: string;
  /** The for loop's counter: the while's own, or a new one where the counter is a parameter. */
  readonly name: string }

/** The loop to rewrite: the counted while on `line` (else the nest's first), or for `--subscripts` the for loop on `line` (else the nest's outermost). */
function targetLoop(nest: Nest, mode: "while" | "for", line?: number): Loop | string {
  if (mode === "for") {
    const all = loopsOf(nest.root).filter((l) => l.parts);
    const hit = line === undefined ? (nest.root.parts ? nest.root : undefined) : all.find((l) => l.span.line === line);
    return hit ?? (line === undefined ? `the outermost loop of nest ${nest.id} is not a for loop` : `no for loop on line ${line} in nest ${nest.id}`);
  }
  const all = loopsOf(nest.root).filter((l) => l.counted);
  const hit = line === undefined ? all[0] : all.find((l) => l.span.line === line);
  if (hit) return hit;
  const whiles = all.map((l) => l.span.line).join(", ");
  return line === undefined ? `nest ${nest.id} has no while or do loop with a known trip count` : `no counted while loop on line ${line}${whiles ? ` (counted while loops of nest ${nest.id}: line${all.length > 1 ? "s" : ""} ${whiles})` : ""}`;
}

/** Statements anywhere in `loop` (a statement of a block) that only step `name`: `p++;`, `p += k;` with k pure. */
function walkSteps(loop: SyntaxNode, name: string): Range[] {
  const out: Range[] = [];
  for (const s of loop.descendantsOfType("expression_statement")) {
    const e = s?.namedChildren[0];
    if (!s || !e || s.parent?.type !== "compound_statement") continue;
    const arg = e.type === "update_expression" ? e.childForFieldName("argument") : e.type === "assignment_expression" && ["+=", "-="].includes(e.childForFieldName("operator")?.text ?? "") ? e.childForFieldName("left") : null;
    const right = e.type === "assignment_expression" ? e.childForFieldName("right") : null;
    if (arg?.type === "identifier" && arg.text === name && (!right || (pure(right) && !right.descendantsOfType("identifier").some((x) => x?.text === name)))) out.push({ start: s.startIndex, end: s.endIndex });
  }
  return out;
}

function plan(ctx: TransformContext, mode: "while" | "for", line: number | undefined, boundOf: "entry" | "trip"): WhilePlan | string {
  const { text, nest } = ctx;
  const w = targetLoop(nest, mode, line);
  if (typeof w === "string") return w;
  const c = w.counted;
  const at = c ? `${c.text} (line ${w.span.line})` : `loop ${w.var} (line ${w.span.line})`;
  if (mode === "while") {
    if (c!.form === "do") return `${at}: a do-while runs its body at least once; only while loops are rewritten`;
    if (!w.tripCount) return `${at}: its trip count is not known`;
  }
  const fn = ctx.functionAt?.(w.span.start);
  const node = fn?.descendantsOfType(mode === "while" ? "while_statement" : "for_statement").find((x) => x?.startIndex === w.span.start);
  if (!fn || !node) return `${at}: the loop is not found in the syntax tree`;
  const edits: TextEdit[] = [];
  const notes: string[] = [];
  const fed = new Set<string>();
  const undeclared: Variable[] = [];
  const take = (e: { value: SyntaxNode | null; edits: TextEdit[]; variable: Variable }) => {
    edits.push(...e.edits);
    undeclared.push(e.variable);
    for (const x of e.value ? [e.value, ...e.value.descendantsOfType("identifier")] : []) if (x?.type === "identifier") fed.add(x.text);
  };
  // The counter: its entry value before the loop, used in the header and its step only.
  let centry: { value: string; type: string } | null = null;
  // A parameter counter (`while (n--)` on the function's n) stays as it is: the for loop counts
  // with a new variable up to it, so n must not be read after the loop.
  let counterName = c?.counter ?? w.var;
  if (c) {
    const counter = variableAt(fn, node, c.counter);
    if (typeof counter === "string") {
      const why = isParameter(fn, c.counter) ? paramUse(fn, node, c.counter) : counter;
      if (why !== null) return `${at}: ${why}`;
    }
    const counterSteps = walkSteps(node, c.counter);
    const mentions = typeof counter === "string" ? mentionsIn(node, c.counter) : counter.mentions;
    for (const m of mentions) if (inside(w.span, m.startIndex) && !inside(w.header, m.startIndex) && !counterSteps.some((s) => inside(s, m.startIndex)))
      return `${at}: the body reads the counter ${c.counter} (line ${m.startPosition.row + 1}): not rewritten`;
    if (typeof counter === "string") {
      centry = { value: c.counter, type: paramType(fn, c.counter) };
      const used = new Set(fn.descendantsOfType("identifier").map((x) => x?.text));
      counterName = ["i", "k", "t", `${c.counter}_i`].find((x) => !used.has(x)) ?? `${c.counter}_ii`;
    } else {
      const e = entryOf(text, counter, node);
      if (typeof e === "string") return `${at}: ${e}`;
      take(e);
      centry = { value: e.value.text, type: e.type };
    }
    for (const s of counterSteps) edits.push(deleteWithLine(text, s));
  }
  // The walked pointers: stepped in the loop, with a value from before it.
  const accesses = accessesIn(w);
  // A pointer parameter walked in the loop (`*dst++ = ...` on the function's dst) is subscripted
  // from its entry value when nothing changes it before the loop and nothing reads it after.
  const walked = new Map<string, Variable | "param">();
  // Local pointers that each iteration sets afresh (`p = src + c;`): their resets go with the walk.
  const own = new Map<string, Range[]>();
  // A parameter pointer's accesses name the parameter as their array (it is its own base).
  const viaOf = (a: Access) => a.via ?? (a.info?.isParameter && /^[A-Za-z_]\w*$/.test(a.array) && /\+\+|--/.test(a.text) ? a.array : undefined);
  for (const a of accesses) {
    const via = viaOf(a);
    if (!via || walked.has(via)) continue;
    const local = variableAt(fn, node, via);
    if (typeof local === "string" && (!isParameter(fn, via) || paramUse(fn, node, via) !== null)) continue; // a global, or a parameter used around the loop: it keeps its walk (and so its statements)
    const v = typeof local === "string" ? null : local;
    const steps = walkSteps(node, via);
    const stepped = steps.length > 0 || accesses.some((b) => viaOf(b) === via && /\+\+|--/.test(b.text));
    // An access made inside a called function (its span is the call's) is not a dereference here.
    const walks = (m: SyntaxNode) => steps.some((s) => inside(s, m.startIndex)) || accesses.some((b) => viaOf(b) === via && !b.inlined && inside(b.span, m.startIndex));
    const resets = v ? ownResets(node, v, walks) : null;
    const fromBefore = !v || (v.value !== null && v.decl.endIndex <= node.startIndex) || v.mentions.some((m) => m.startIndex < node.startIndex);
    const mentions = v ? v.mentions : mentionsIn(node, via);
    const passedOn = accesses.some((b) => viaOf(b) === via && b.inlined) || mentions.some((m) => inside(w.span, m.startIndex) && !walks(m) && !resets?.some((s) => inside(s, m.startIndex)));
    if (!stepped || !(fromBefore || resets) || passedOn) continue; // left as it is: a fixed row pointer, a pointer of the loop's own, one passed on
    walked.set(via, v ?? "param");
    if (resets) own.set(via, resets);
  }
  const replaced: Access[] = [];
  for (const [name, v] of [...walked]) {
    const resets = own.get(name);
    const e = v === "param" ? null : resets ? { value: null, edits: resets.map((r) => deleteWithLine(text, r)), variable: v } : entryOf(text, v, node);
    const mine = accesses.filter((x) => viaOf(x) === name);
    // A pointer whose walk cannot be replaced keeps it (its statements stay as they are).
    const why = typeof e === "string" ? e : mine.map((a) => {
      if (!a.offset) return `the offset of ${a.text} (line ${a.span.line}) is not known${a.reason ? `: ${a.reason}` : ""}`;
      const outer = [...a.offset.symbols()].find((x) => x.endsWith("'") && x !== w.var);
      if (outer) return `the offset of ${a.text} moves with the while loop ${outer.slice(0, -1)}: rewrite that one first`;
      if (a.info && a.info.dims.length > 1) return `${name} walks the ${a.info.dims.length}-D array ${a.array}: its offset is not one subscript`;
      if (!/^[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*$/.test(a.array)) return `${name} walks ${a.array}, which has no name to subscript`;
      return null;
    }).find((x) => x);
    if (why || typeof e === "string") { walked.delete(name); notes.push(`${name} keeps its walk: ${why}`); continue; }
    replaced.push(...mine);
    if (e) take(e);
    for (const s of walkSteps(node, name)) edits.push(deleteWithLine(text, s));
  }
  if (!c && !walked.size) return `${at} walks no pointer that can be replaced by subscripts${notes.length ? ` (${notes.join("; ")})` : ""}`;
  // An unbraced body that is itself a step (`while (n--) p++;`) would leave the header over the next statement.
  if (w.bodySpan && text[w.bodySpan.start] !== "{" && edits.some((e) => e.start <= w.bodySpan!.start && w.bodySpan!.end <= e.end + 1))
    return `${at}: its body only steps ${[...(c ? [c.counter] : []), ...walked.keys()].join(", ")}: nothing to keep`;
  const order = firstUse(text.slice(nest.root.span.start));
  const name = counterName;
  const spans = new Set<number>();
  for (const a of replaced) {
    // `*p += v` is a read and a write of one reference: one edit.
    if (spans.has(a.span.start)) continue;
    spans.add(a.span.start);
    const off = a.offset!.substitute(w.var, Poly.symbol(name)).toC(order);
    if (off === null) return `${at}: the offset of ${a.text} has no exact integer form in C`;
    edits.push({ start: a.span.start, end: a.span.end, newText: `${a.array}[${off}]` });
  }
  // The header: a count from 0 to the trip count.
  if (c && centry) {
    const entry = centry.value;
    const trip = w.tripCount!.toC(order);
    const plainEntry = /^[\w.>\s*+-]+$/.test(entry) && !/->\s*$/.test(entry) ? entry : `(${entry})`;
    const bound = boundOf === "entry" ? plainEntry : trip === null ? null : centry.type === "int" ? trip : `(${centry.type})${/^\w+$/.test(trip) ? trip : `(${trip})`}`;
    if (bound === null) return `${at}: its trip count ${w.tripCount!.toString()} has no exact integer form in C`;
    edits.push({ start: w.header.start, end: w.header.end, newText: `for (${centry.type} ${name} = 0; ${name} < ${bound}; ${name}++)` });
    const unsigned = /\bunsigned\b|^(size_t|uint\w*)$/.test(centry.type);
    if (c.requires && c.requires.min <= 0 && !unsigned) notes.push(`as written, ${c.requires.why}; the for loop then runs no iteration`);
  }
  // Locals that only fed the removed values (an offset `i` the outer loop steps, a base pointer
  // now named through its array), but none the new text names, nor one a macro may use.
  const keep = new Set([name, ...walked.keys(), ...edits.flatMap((e) => e.newText.match(/[A-Za-z_]\w*/g) ?? [])]);
  for (const x of fed) if (new RegExp(`^[ \t]*#[ \t]*define\\b.*\\b${x}\\b`, "m").test(text)) keep.add(x);
  const dead = deadUpdates(text, fn, [...edits, ...undeclared.map((v) => ({ start: v.decl.startIndex, end: v.decl.endIndex, newText: "" }))], fed, keep);
  edits.push(...dead.edits, ...removeDeclarators(text, [...undeclared, ...dead.variables]));
  const walks = [...walked.keys()];
  if (walks.length) notes.push(`${walks.join(", ")} ${walks.length > 1 ? "are" : "is"} replaced by subscripts: ${replaced.map((a) => `${a.text} -> ${edits.find((e) => e.start === a.span.start && e.newText)!.newText}`).filter((x, i, xs) => xs.indexOf(x) === i).join(", ")}`);
  const title = c ? `Rewrite ${c.text} as a for loop${walks.length ? ` with subscripts for ${walks.join(", ")}` : ""}` : `Replace the pointer walk${walks.length > 1 ? "s" : ""} of ${walks.join(", ")} in loop ${w.var} by subscripts`;
  return { loop: w, edits, notes, title, name };
}

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

export function whileToFor(given: TransformContext, line: number | undefined, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  return rewrite(given, "while", line, reanalyze);
}

/** `--subscripts`: the pointer walks of a for loop replaced by subscripts (the same rules as a while's). */
export function subscripts(given: TransformContext, line: number | undefined, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  return rewrite(given, "for", line, reanalyze);
}

function rewrite(given: TransformContext, mode: "while" | "for", line: number | undefined, reanalyze: (text: string) => readonly Nest[]): TransformResult {
  // The offsets and trip counts printed into the code are the source's own: the nest is lowered
  // again without assumed values (-D, assumption comments, the search's planned sizes), which
  // could otherwise be folded into them (an induction `i = i + n` stepped by an assumed n).
  // With nothing assumed the given nest is that lowering already.
  const lower = given.lowerUnassumed ?? reanalyze;
  const nest = given.assumed.size === 0 ? given.nest : lower(given.text).find((n) => n.root.span.start === given.nest.root.span.start);
  if (!nest) return refuse(`${given.nest.id}: the nest is not found without the assumed values`);
  const ctx = { ...given, nest };
  let first: string | null = null;
  for (const boundOf of mode === "while" ? (["entry", "trip"] as const) : (["entry"] as const)) {
    const p = plan(ctx, mode, line, boundOf);
    if (typeof p === "string") return refuse(p);
    const out = applyEdits(ctx.text, p.edits);
    // The translation check: the same accesses at the same offsets, the same trip counts.
    const header = shifted(p.edits, p.loop.header.start);
    const again = lower(out);
    const name = p.name;
    const found = again.map((n) => ({ n, l: loopsOf(n.root).find((l) => l.header.start === header) })).find((x) => x.l);
    const why = !found ? "the rewritten nest is not found again"
      : !found.l!.parts || found.l!.var !== name ? `the new loop is not understood as a for over ${name}`
      : accessKeys(ctx.nest.root, p.loop.var, name).join("\n") !== accessKeys(found.n.root, name, name).join("\n") ? "the rewritten accesses do not match the walked ones"
      : tripKeys(ctx.nest.root, p.loop.var, name).join("\n") !== tripKeys(found.n.root, name, name).join("\n") ? "the trip counts do not match" : null;
    if (!why) return { ok: true, title: p.title, edits: p.edits, text: out, notes: p.notes };
    first ??= why;
  }
  return refuse(`${ctx.nest.id}: the loop could not be rewritten exactly (${first})`);
}
