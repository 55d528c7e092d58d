// Nesting depth of a function's CST, measured without recursion, so that the lowering (whose
// visitors recurse over expressions and statements) never meets a structure deeper than a
// fixed cap: an expression of 2,000 `+` terms or 3,000 parentheses would otherwise overflow the
// JavaScript stack, and where it overflowed would depend on the stack in use (so an
// incremental and a fresh analysis could differ). The cap makes the outcome a property of
// the text: a statement holding something deeper is one opaque construct with a message,
// the same every time, and the rest of the function is analysed.

import { heightBound } from "./mirror";
import type { SyntaxNode } from "./parser";

/** Deepest expression (CST levels below its statement) and statement nesting lowered. */
export const DEPTH_CAP = 400;

export interface TooDeep {
  /** The statement not analysed. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** What exceeds the cap: an expression of this statement, or statements nested in it. */
  readonly what: "expression" | "statements";
  readonly depth: number;
  readonly message: string;
}

const isStatement = (type: string) => type.endsWith("_statement") || type === "declaration";

// Node kinds by numeric id, per language: the walk reads an id per node (a number from wasm)
// instead of its type name (a string built per node), the costly part on large functions.
const kinds = new WeakMap<object, Map<number, boolean>>();
function statementIds(language: { nodeTypeForId(id: number): string | null }): (id: number) => boolean {
  let m = kinds.get(language);
  if (!m) kinds.set(language, (m = new Map()));
  const cache = m;
  return (id) => {
    let v = cache.get(id);
    if (v === undefined) cache.set(id, (v = isStatement(language.nodeTypeForId(id) ?? "")));
    return v;
  };
}

/**
 * The statements of `body` that hold an expression nested more than DEPTH_CAP levels, and the
 * outermost statements more than DEPTH_CAP statements deep (whatever they hold), keyed by
 * their start offset and type. One iterative walk with a tree cursor.
 */
export function tooDeepStatements(body: SyntaxNode): Map<string, TooDeep> {
  const out = new Map<string, TooDeep>();
  // Nothing is nested deeper than the tree is high (a copy knows its height).
  const height = heightBound(body);
  if (height !== null && height <= DEPTH_CAP) return out;
  // Positions are read when a statement is left (the cursor is on it then), and only for the
  // few reported: a frame holds counts.
  type Frame = { depth: number; level: number; expr: number; levels: number; capped: boolean };
  const stack: Frame[] = [];
  let cappedOpen = 0;
  const leave = (depth: number) => {
    const top = stack[stack.length - 1];
    if (!top || top.depth !== depth) return;
    stack.pop();
    if (top.capped) cappedOpen--;
    const parent = stack[stack.length - 1];
    if (parent) parent.levels = Math.max(parent.levels, top.levels);
    if (!top.capped && top.expr <= DEPTH_CAP) return;
    const at = { start: c.startIndex, end: c.endIndex, line: c.startPosition.row + 1 };
    const key = depthKey(at.start, c.nodeType);
    if (top.capped) out.set(key, { ...at, what: "statements", depth: top.levels, message: `statements nested ${top.levels} deep (more than ${DEPTH_CAP}): not analysed` });
    else out.set(key, { ...at, what: "expression", depth: top.expr, message: `expression nested ${top.expr} deep (more than ${DEPTH_CAP}): not analysed` });
  };
  // A tree-sitter node walks with its cursor; a plain copy (syntax/mirror.ts) with one over its children.
  const real = body as SyntaxNode & { walk?: () => Cursor & { nodeTypeId: number } };
  let c: Cursor;
  let isStmt: () => boolean;
  if (typeof real.walk === "function") {
    const tc = real.walk();
    const statement = statementIds(body.tree.language);
    c = tc; isStmt = () => statement(tc.nodeTypeId);
  } else {
    const nc = childCursor(body);
    c = nc; isStmt = () => isStatement(nc.nodeType);
  }
  let depth = 0;
  for (;;) {
    const top = stack[stack.length - 1];
    if (isStmt()) {
      const level = (top?.level ?? 0) + 1;
      // Inside a statement already past the cap, nothing more is capped: it is skipped whole.
      const capped = cappedOpen === 0 && level === DEPTH_CAP + 1;
      if (capped) cappedOpen++;
      stack.push({ depth, level, expr: 0, levels: level, capped });
    } else if (top) top.expr = Math.max(top.expr, depth - top.depth);
    if (c.gotoFirstChild()) { depth++; continue; }
    let done = false;
    for (;;) {
      leave(depth);
      if (depth === 0) { done = true; break; }
      if (c.gotoNextSibling()) break;
      c.gotoParent();
      depth--;
    }
    if (done) break;
  }
  c.delete();
  // Drop entries inside a capped statement (their statement is not lowered at all).
  const capped = [...out.values()].filter((t) => t.what === "statements");
  for (const [k, t] of out) if (capped.some((o) => o !== t && t.start >= o.start && t.end <= o.end)) out.delete(k);
  return out;
}

interface Cursor {
  readonly nodeType: string; readonly startIndex: number; readonly endIndex: number; readonly startPosition: { row: number };
  gotoFirstChild(): boolean; gotoNextSibling(): boolean; gotoParent(): boolean; delete(): void;
}

/** A cursor over `children` (for nodes that are plain objects), with an explicit path. */
function childCursor(root: SyntaxNode): Cursor {
  const path: { n: SyntaxNode; i: number }[] = [{ n: root, i: 0 }];
  const at = () => path[path.length - 1].n;
  return {
    get nodeType() { return at().type; },
    get startIndex() { return at().startIndex; },
    get endIndex() { return at().endIndex; },
    get startPosition() { return at().startPosition; },
    gotoFirstChild() { const c = at().children[0]; if (!c) return false; path.push({ n: c, i: 0 }); return true; },
    gotoNextSibling() {
      if (path.length < 2) return false;
      const top = path[path.length - 1], next = path[path.length - 2].n.children[top.i + 1];
      if (!next) return false;
      path[path.length - 1] = { n: next, i: top.i + 1 };
      return true;
    },
    gotoParent() { if (path.length < 2) return false; path.pop(); return true; },
    delete() {},
  };
}

/** The key of a statement in tooDeepStatements' map. */
export const depthKey = (start: number, type: string) => `${start}:${type}`;
