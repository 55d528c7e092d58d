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
const definitions = new WeakMap<Tree, Map<string, SyntaxNode>>();
const memo = new WeakMap<Tree, Map<string, CallEffect>>();

function definitionsOf(tree: Tree): Map<string, SyntaxNode> {
  let m = definitions.get(tree);
  if (!m) {
    m = new Map();
    for (const fn of functionDefinitions(tree.rootNode)) {
      const d = fn.childForFieldName("declarator");
      const dd = d && readDeclarator(d);
      if (dd && !m.has(dd.name)) m.set(dd.name, fn);
    }
    definitions.set(tree, m);
  }
  return m;
}

/** The definition of a function of the file (the first, when it is defined twice), if any. */
export function definitionOf(tree: Tree, name: string, facts: FileFacts): SyntaxNode | undefined {
  return facts.functions.get(name)?.defined ? definitionsOf(tree).get(name) : undefined;
}

/**
 * Same-file calls may chain at most this deep below a function whose effect or cost is read:
 * both are computed by recursion over the chain, so a longer one (3,000 functions each calling
 * the next) would overflow the stack. The height is a property of the text (not of the caller
 * that happens to ask first), so the answer is the same in every order.
 */
export const CALL_DEPTH_CAP = 100;
const heights = new WeakMap<Tree, Map<string, number>>();

/** The longest chain of same-file calls below `name` (0: it calls none); a recursive edge adds nothing. */
export function callHeight(tree: Tree, name: string): number {
  let h = heights.get(tree);
  if (!h) { h = callHeights(definitionsOf(tree)); heights.set(tree, h); }
  return h.get(name) ?? 0;
}

/**
 * The names each function's text calls, by that text, from the last computation: after an edit
 * only the edited function's body is searched again (a search of every body per keystroke was
 * most of an edit's cost in a file of 500 functions). Only the latest texts are kept.
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

/** Heights of every function, by an iterative depth-first walk (explicit stack: chains are user-sized). */
function callHeights(defs: ReadonlyMap<string, SyntaxNode>): Map<string, number> {
  const callees = new Map<string, string[]>();
  const seen = new Map<string, readonly string[]>();
  for (const [name, fn] of defs) {
    const text = fn.text;
    const called = calledByText.get(text) ?? seen.get(text) ?? calledNames(fn);
    seen.set(text, called);
    callees.set(name, called.filter((c) => defs.has(c)));
  }
  calledByText = seen;
  const height = new Map<string, number>();
  const open = new Set<string>();
  for (const root of defs.keys()) {
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
  const fn = definitionsOf(tree).get(name);
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
