// What a call may do to memory, for the dependence analysis: a call is pure (math.h, a
// function the user declared pure, a same-file function that only computes on its scalar
// arguments), reads memory, or may write memory and have side effects (anything not defined
// in this file: printf, memcpy, a library kernel). A rewrite that moves code across a call
// that is not pure is refused naming the call; nothing is assumed independent by default.
//
// Same-file functions are judged from their text (one scan of the definition, memoised per
// parse tree): a write through a subscript, `*p`, `p->f`, or to a global is a write; a read
// through a pointer or of a global array is a read; a call to anything not pure passes its
// effect on. Recursion is a write (not analysed).

import { functionDefinitions, type SyntaxNode, type Tree } from "../syntax/parser";
import { mathFunction, resolveType } from "./ctypes";
import { addressOnlyLocals } from "./address";
import { readDeclarator } from "./declarations";
import { staticLocals } from "./locals";
import type { FileFacts } from "./scope";

export interface CallEffect {
  readonly kind: "pure" | "read" | "write";
  /** What the call may do, in words, e.g. "printf() is not defined in this file: it may read and write memory and have side effects". */
  readonly reason: string;
}

const PURE: CallEffect = { kind: "pure", reason: "" };
const memo = new WeakMap<Tree, Map<string, CallEffect>>();

/**
 * The file's same-file functions, per parse tree: the span of each name's first definition,
 * its node once looked up in that tree, and (when asked) the call graph and call heights.
 * An edit inside one body carries the index to the new tree (carryDefinitions): reading every
 * definition's name and callees again was most of a keystroke's cost in a 100,000-line file.
 */
interface DefinitionIndex {
  readonly spans: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
  readonly nodes: Map<string, SyntaxNode>;
  /** Same-file functions each one calls, by name. */
  callees?: Map<string, readonly string[]>;
  heights?: Map<string, number>;
}
const indexes = new WeakMap<Tree, DefinitionIndex>();

function indexOf(tree: Tree): DefinitionIndex {
  let x = indexes.get(tree);
  if (!x) {
    const spans = new Map<string, { start: number; end: number }>();
    const nodes = new Map<string, SyntaxNode>();
    for (const fn of functionDefinitions(tree.rootNode)) {
      const d = fn.childForFieldName("declarator");
      const dd = d && readDeclarator(d);
      if (dd && !spans.has(dd.name)) { spans.set(dd.name, { start: fn.startIndex, end: fn.endIndex }); nodes.set(dd.name, fn); }
    }
    x = { spans, nodes };
    indexes.set(tree, x);
  }
  return x;
}

/** The node of `name`'s first definition in `tree`, if the file defines it. */
function definitionNode(tree: Tree, name: string): SyntaxNode | undefined {
  const x = indexOf(tree);
  const hit = x.nodes.get(name);
  if (hit) return hit;
  const s = x.spans.get(name);
  if (!s) return undefined;
  for (let n: SyntaxNode | null = tree.rootNode.descendantForIndex(s.start, s.end); n; n = n.parent) {
    if (n.type === "function_definition" && n.startIndex === s.start && n.endIndex === s.end) { x.nodes.set(name, n); return n; }
  }
  // Never expected (a carried index follows the tree): read the tree's own list.
  indexes.delete(tree);
  return indexOf(tree).nodes.get(name);
}

/**
 * Moves the index of `previous` to `next`, the tree after an edit that stayed inside one
 * function body (SourceDocument.edit has checked that no function starts, ends or is renamed):
 * spans after the edit move by its length, the edited function's callees are read again, and
 * the heights are kept unless those callees changed.
 */
export function carryDefinitions(previous: Tree, next: Tree, edit: { readonly start: number; readonly oldEnd: number; readonly delta: number }): void {
  const old = indexes.get(previous);
  if (!old) return;
  const spans = new Map<string, { start: number; end: number }>();
  let edited: string | null = null;
  for (const [name, s] of old.spans) {
    if (s.end <= edit.start) spans.set(name, s);
    else if (s.start >= edit.oldEnd) spans.set(name, { start: s.start + edit.delta, end: s.end + edit.delta });
    else if (s.start < edit.start && edit.oldEnd < s.end) { spans.set(name, { start: s.start, end: s.end + edit.delta }); edited = name; }
    else return; // not inside one body after all: the new tree's index is read afresh
  }
  const x: DefinitionIndex = { spans, nodes: new Map() };
  indexes.set(next, x);
  if (!old.callees) return;
  x.callees = new Map(old.callees);
  if (edited === null) { x.heights = old.heights; return; }
  const fn = definitionNode(next, edited);
  const now = fn ? calledNames(fn).filter((c) => spans.has(c)) : [];
  const was = old.callees.get(edited) ?? [];
  x.callees.set(edited, now);
  if (now.length === was.length && now.every((c, i) => c === was[i])) x.heights = old.heights;
}

/** The definition of a function of the file (the first, when it is defined twice), if any. */
export function definitionOf(tree: Tree, name: string, facts: FileFacts): SyntaxNode | undefined {
  return facts.functions.get(name)?.defined ? definitionNode(tree, name) : undefined;
}

/**
 * Same-file calls may chain at most this deep below a function whose effect or cost is read:
 * both are computed by recursion over the chain, so a longer one (3,000 functions each calling
 * the next) would overflow the stack. The height is a property of the text (not of the caller
 * that happens to ask first), so the answer is the same in every order.
 */
export const CALL_DEPTH_CAP = 100;

/** The longest chain of same-file calls below `name` (0: it calls none); a recursive edge adds nothing. */
export function callHeight(tree: Tree, name: string): number {
  const x = indexOf(tree);
  x.heights ??= callHeights(x.callees ??= callGraph(tree, x));
  return x.heights.get(name) ?? 0;
}

/**
 * The names each function's text calls, by that text, from the last computation: a new tree
 * whose index was not carried (an edit outside a body) searches only the bodies whose text
 * changed. Only the latest texts are kept.
 */
let calledByText = new Map<string, readonly string[]>();

function calledNames(fn: SyntaxNode): readonly string[] {
  const out = new Set<string>();
  for (const c of fn.childForFieldName("body")?.descendantsOfType("call_expression") ?? []) {
    const f = c?.childForFieldName("function");
    if (f?.type === "identifier") out.add(f.text);
  }
  return [...out];
}

/** Each same-file function's same-file callees, read from the tree. */
function callGraph(tree: Tree, x: DefinitionIndex): Map<string, readonly string[]> {
  const callees = new Map<string, readonly string[]>();
  const seen = new Map<string, readonly string[]>();
  for (const name of x.spans.keys()) {
    const fn = definitionNode(tree, name)!;
    const text = fn.text;
    const called = calledByText.get(text) ?? seen.get(text) ?? calledNames(fn);
    seen.set(text, called);
    callees.set(name, called.filter((c) => x.spans.has(c)));
  }
  calledByText = seen;
  return callees;
}

/** Heights of every function, by an iterative depth-first walk (explicit stack: chains are user-sized). */
function callHeights(callees: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const height = new Map<string, number>();
  const open = new Set<string>();
  for (const root of callees.keys()) {
    if (height.has(root)) continue;
    const stack: { name: string; next: number; h: number }[] = [{ name: root, next: 0, h: 0 }];
    open.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const list = callees.get(top.name)!;
      if (top.next < list.length) {
        const c = list[top.next++];
        const known = height.get(c);
        if (known !== undefined) top.h = Math.max(top.h, known + 1);
        else if (!open.has(c)) { open.add(c); stack.push({ name: c, next: 0, h: 0 }); }
        continue;
      }
      stack.pop();
      open.delete(top.name);
      height.set(top.name, top.h);
      const parent = stack[stack.length - 1];
      if (parent) parent.h = Math.max(parent.h, top.h + 1);
    }
  }
  return height;
}

/** The reason a same-file function's chain of calls is too deep to follow, or null. */
export function callChainTooDeep(tree: Tree, name: string): string | null {
  const h = callHeight(tree, name);
  return h > CALL_DEPTH_CAP ? `${name}() starts a chain of calls ${h} deep (more than ${CALL_DEPTH_CAP}): not analysed` : null;
}

/** The effect of calling `name` from code in `tree`. */
export function callEffect(tree: Tree, name: string, facts: FileFacts, stack: readonly string[] = []): CallEffect {
  if (mathFunction(name) || facts.pure.has(name)) return PURE;
  const fn = definitionOf(tree, name, facts);
  if (!fn) {
    if (facts.functionMacros.has(name)) return { kind: "write", reason: `${name}(...) is a function-like macro, not expanded: it may read and write memory (run the file through gcc -E)` };
    return { kind: "write", reason: `${name}() is not defined in this file: it may read and write memory and have side effects (declare it pure with --pure ${name} or the loopsmith.pureFunctions setting if it is)` };
  }
  if (stack.includes(name)) return { kind: "write", reason: `${name}() is recursive: its effects are not analysed` };
  const deep = callChainTooDeep(tree, name);
  if (deep) return { kind: "write", reason: `${deep}; it may read and write memory` };
  let cache = memo.get(tree);
  if (!cache) { cache = new Map(); memo.set(tree, cache); }
  const hit = cache.get(name);
  if (hit) return hit;
  const effect = bodyEffect(tree, name, fn, facts, [...stack, name]);
  cache.set(name, effect);
  return effect;
}

function bodyEffect(tree: Tree, name: string, fn: SyntaxNode, facts: FileFacts, stack: readonly string[]): CallEffect {
  const body = fn.childForFieldName("body");
  if (!body) return { kind: "write", reason: `${name}() has no body` };
  const locals = new Set<string>();
  for (const p of fn.childForFieldName("declarator")?.descendantsOfType("parameter_declaration") ?? []) {
    const d = p?.childForFieldName("declarator");
    const dd = d && readDeclarator(d);
    if (dd) locals.add(dd.name);
  }
  for (const d of body.descendantsOfType(["declaration"])) {
    for (const x of d?.childrenForFieldName("declarator") ?? []) {
      const dd = x && readDeclarator(x);
      if (dd) locals.add(dd.name);
    }
  }
  // A static local keeps its value from one call to the next: writing it is a side effect.
  for (const s of staticLocals(body)) locals.delete(s.name);
  let read: string | null = null;
  const write = (what: string): CallEffect => ({ kind: "write", reason: `${name}() ${what}` });
  for (const a of body.descendantsOfType(["assignment_expression", "update_expression"])) {
    const t = a && (a.type === "assignment_expression" ? a.childForFieldName("left") : a.childForFieldName("argument"));
    if (!t) continue;
    let s = t;
    while (s.type === "parenthesized_expression" && s.namedChild(0)) s = s.namedChild(0)!;
    if (s.type === "identifier") { if (!locals.has(s.text)) return write(`writes the global ${s.text} (line ${s.startPosition.row + 1})`); continue; }
    return write(`writes memory: ${s.text.slice(0, 40)} (line ${s.startPosition.row + 1})`);
  }
  for (const c of body.descendantsOfType("call_expression")) {
    const f = c?.childForFieldName("function");
    if (!f || f.type !== "identifier") return write(`calls through ${f?.text ?? "an expression"} (a function pointer): not analysed`);
    const e = callEffect(tree, f.text, facts, stack);
    if (e.kind === "write") return write(`calls ${f.text}(), which may write memory: ${e.reason}`);
    if (e.kind === "read") read ??= `calls ${f.text}(), which reads memory`;
  }
  for (const x of body.descendantsOfType(["subscript_expression", "pointer_expression", "field_expression"])) {
    if (!x) continue;
    if (x.type === "pointer_expression" && x.childForFieldName("operator")?.text === "&") continue;
    if (x.type === "field_expression" && x.childForFieldName("operator")?.text !== "->") continue;
    read ??= `reads memory: ${x.text.slice(0, 40)} (line ${x.startPosition.row + 1})`;
  }
  if (!read) for (const id of body.descendantsOfType("identifier")) {
    if (id && !locals.has(id.text) && !facts.values.has(id.text) && !facts.functions.has(id.text) && !facts.macroTypes.has(id.text)) { read = `reads the global ${id.text}`; break; }
  }
  return read ? { kind: "read", reason: `${name}() ${read}` } : PURE;
}

const addressMemo = new WeakMap<Tree, Map<string, Set<number>>>();

/**
 * Positions of a same-file function's integer parameters that it only uses to form addresses
 * (ir/address.ts): the caller's argument expressions there are address arithmetic too.
 */
export function addressParams(tree: Tree, name: string, facts: FileFacts): Set<number> {
  if (!facts.functions.get(name)?.defined) return new Set();
  let cache = addressMemo.get(tree);
  if (!cache) { cache = new Map(); addressMemo.set(tree, cache); }
  const hit = cache.get(name);
  if (hit) return hit;
  const out = new Set<number>();
  const fn = definitionNode(tree, name);
  const body = fn?.childForFieldName("body");
  const params = (fn?.childForFieldName("declarator")?.descendantsOfType("parameter_declaration") ?? []).filter((p): p is SyntaxNode => !!p);
  if (body) {
    const isInt = (d: SyntaxNode) => resolveType(facts, d.childForFieldName("type")?.text ?? "").kind === "int";
    const names = addressOnlyLocals(body, isInt, params, true);
    params.forEach((p, i) => { const d = p.childForFieldName("declarator"); const dd = d && readDeclarator(d); if (dd && names.has(dd.name)) out.add(i); });
  }
  cache.set(name, out);
  return out;
}
