// A plain-JavaScript copy of a CST subtree, read once with one tree-cursor walk. Every
// property of a web-tree-sitter node is a call across the wasm boundary (and a fresh Node
// object per answer); lowering asks a function's nodes for their type, text, fields and
// descendants many times over, so it reads them from this copy instead. The copy answers
// exactly like the tree it was read from (same ids, offsets, rows, fields, order) for the
// part of the Node API the engine uses (SyntaxNode in parser.ts); test/mirror.test.ts
// checks that node by node. It does not follow later edits: make a new one per analysis.
//
// Invariants: `all` of the root lists the subtree in pre-order (the order of
// descendantsOfType); a node's descendants are all[pre .. end). Missing nodes have no width,
// so only zero-width nodes ask the cursor whether they are missing. `hasError` is asked of
// the tree itself node by node only when the subtree has an error (an invisible missing
// token, such as the newline ending a `#include`, is one the cursor never visits).

import type { Node, Point, Tree } from "web-tree-sitter";
import type { SyntaxNode } from "./parser";

const ERROR_SYMBOL = 65535;

/**
 * `s` as a string of its own. V8 makes a slice of 13 or more characters a view that keeps the
 * whole source alive: a loop's header text kept in a cached report would keep every version of
 * the file typed since (hundreds of megabytes after a few hundred edits of a large file).
 * A slice of a concatenation is cut from a fresh copy of it.
 */
export function unshared(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}
const NONE: readonly MirrorNode[] = [];

class MirrorNode implements SyntaxNode {
  children: MirrorNode[] = NONE as MirrorNode[];
  /** Field id of each child (0: none), parallel to `children`. */
  fieldIds: number[] | null = null;
  /** This node's index in the root's `all`, and one past its last descendant. */
  pre = 0;
  end = 0;
  hasError = false;
  isMissing = false;
  private parentNode: MirrorNode | null = null;
  private named: MirrorNode[] | null = null;
  private textValue: string | null = null;

  constructor(
    private readonly root: MirrorRoot,
    readonly id: number,
    readonly typeId: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly row: number,
    private readonly column: number,
  ) {}

  get startPosition(): Point { return { row: this.row, column: this.column }; }

  get tree(): Tree { return this.root.tree; }
  get copyHeight(): number { return this.root.height; }
  get isError(): boolean { return this.typeId === ERROR_SYMBOL; }
  get text(): string { return (this.textValue ??= unshared(this.root.source.slice(this.startIndex, this.endIndex))); }
  get parent(): SyntaxNode | null { return this === this.root.top ? this.root.real.parent : this.parentNode; }
  setParent(p: MirrorNode): void { this.parentNode = p; }

  get namedChildren(): MirrorNode[] { return (this.named ??= this.children.filter((c) => c.isNamed)); }
  get namedChildCount(): number { return this.namedChildren.length; }
  get firstChild(): MirrorNode | null { return this.children[0] ?? null; }
  child(i: number): MirrorNode | null { return this.children[i] ?? null; }
  namedChild(i: number): MirrorNode | null { return this.namedChildren[i] ?? null; }

  childForFieldName(name: string): MirrorNode | null {
    // An ERROR node has no field map of its own: tree-sitter gives none of its children by
    // field name, although a cursor reports the fields of the rules they were read in.
    if (this.typeId === ERROR_SYMBOL || !this.fieldIds) return null;
    const f = this.root.fieldIds.get(name);
    if (!f) return null;
    const i = this.fieldIds!.indexOf(f);
    return i < 0 ? null : this.children[i];
  }

  childrenForFieldName(name: string): MirrorNode[] {
    const f = this.fieldIds && this.root.fieldIds.get(name);
    if (!f) return [];
    return this.children.filter((_, i) => this.fieldIds![i] === f);
  }

  descendantsOfType(types: string | string[]): MirrorNode[] {
    const all = this.root.all;
    const out: MirrorNode[] = [];
    if (typeof types === "string") {
      for (let i = this.pre; i < this.end; i++) if (all[i].type === types) out.push(all[i]);
    } else {
      for (let i = this.pre; i < this.end; i++) if (types.includes(all[i].type)) out.push(all[i]);
    }
    return out;
  }

  equals(other: SyntaxNode): boolean { return other.id === this.id && other.tree === this.tree; }
}

interface MirrorRoot {
  readonly tree: Tree;
  readonly source: string;
  /** Field name -> field id of the language. */
  readonly fieldIds: ReadonlyMap<string, number>;
  readonly real: Node;
  readonly all: MirrorNode[];
  top: MirrorNode | null;
  /** Levels below `top` of its deepest node. */
  height: number;
}

/** Whether each node type is named, per language (asked of the language once per type). */
const namedTypes = new WeakMap<object, boolean[]>();
const fieldIdsOf = new WeakMap<object, Map<string, number>>();

/** For a node of a copy: no node below it is more levels deeper than this (the copy's height); null for a tree's own node. */
export function heightBound(node: SyntaxNode): number | null {
  return node instanceof MirrorNode ? node.copyHeight : null;
}

/** A copy of `node`'s subtree; `source` is the text the tree was parsed from. */
export function mirror(node: Node, source: string): SyntaxNode {
  const language = node.tree.language;
  const types = language.types;
  let named = namedTypes.get(language);
  if (!named) namedTypes.set(language, (named = []));
  const isNamed = (typeId: number): boolean => (named![typeId] ??= typeId === ERROR_SYMBOL || language.nodeTypeIsNamed(typeId));
  let fieldIds = fieldIdsOf.get(language);
  if (!fieldIds) {
    fieldIds = new Map();
    language.fields.forEach((f, i) => { if (f && !fieldIds!.has(f)) fieldIds!.set(f, i); }); // the first id, like fields.indexOf
    fieldIdsOf.set(language, fieldIds);
  }
  const root: MirrorRoot = { tree: node.tree, source, fieldIds, real: node, all: [], top: null, height: 0 };
  const broken = node.hasError;
  // Rows and columns follow from the text (tree-sitter counts rows at "\n", columns in UTF-16
  // units from the line start): nodes come in pre-order, so their starts never go back.
  let row = node.startPosition.row, lineStart = source.lastIndexOf("\n", node.startIndex - 1) + 1, scanned = lineStart;
  const c = node.walk();
  const read = (parent: MirrorNode | null, depth: number): MirrorNode => {
    if (depth > root.height) root.height = depth;
    const typeId = c.nodeTypeId;
    const start = c.startIndex, end = c.endIndex;
    for (let i = source.indexOf("\n", scanned); i !== -1 && i < start; i = source.indexOf("\n", i + 1)) { row++; lineStart = i + 1; }
    if (start > scanned) scanned = start;
    const m = new MirrorNode(root, c.nodeId, typeId, types[typeId] || "ERROR", isNamed(typeId), start, end, row, start - lineStart);
    if (parent) m.setParent(parent);
    m.pre = root.all.length;
    root.all.push(m);
    if (end === start) m.isMissing = c.nodeIsMissing;
    if (broken) m.hasError = c.currentNode.hasError;
    if (c.gotoFirstChild()) {
      const kids: MirrorNode[] = [];
      let ids: number[] | null = null;
      do {
        const f = c.currentFieldId;
        if (f && !ids) ids = new Array<number>(kids.length).fill(0);
        if (ids) ids.push(f);
        kids.push(read(m, depth + 1));
      } while (c.gotoNextSibling());
      c.gotoParent();
      m.children = kids;
      m.fieldIds = ids;
    }
    m.end = root.all.length;
    return m;
  };
  try {
    root.top = read(null, 0);
  } finally {
    c.delete();
  }
  return root.top;
}
