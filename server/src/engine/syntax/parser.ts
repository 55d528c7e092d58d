// The single web-tree-sitter initialisation site. One Parser instance serves the CLI, the
// language server and the tests. The wasm files are found next to the running bundle
// (server/dist, copied there by scripts/build.mjs) or, when running from source (tests),
// in node_modules and grammars/.

import { Language, Parser, type Point, type Tree } from "web-tree-sitter";
import { existsSync } from "node:fs";
import { join } from "node:path";

export type { Tree, Edit } from "web-tree-sitter";

/**
 * The part of web-tree-sitter's Node the engine reads: a tree's own nodes have it, and so
 * do the plain copies of syntax/mirror.ts that lowering reads (no wasm call per property).
 */
export interface SyntaxNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly tree: Tree;
  readonly parent: SyntaxNode | null;
  readonly children: (SyntaxNode | null)[];
  readonly namedChildren: (SyntaxNode | null)[];
  readonly namedChildCount: number;
  readonly firstChild: SyntaxNode | null;
  readonly hasError: boolean;
  readonly isError: boolean;
  readonly isMissing: boolean;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(fieldName: string): SyntaxNode | null;
  childrenForFieldName(fieldName: string): (SyntaxNode | null)[];
  descendantsOfType(types: string | string[]): (SyntaxNode | null)[];
  equals(other: SyntaxNode): boolean;
}

let ready: Promise<Parser> | undefined;

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((p) => existsSync(p));
}

/** Loads the runtime and the C grammar once; later calls return the same parser. */
export function initParser(): Promise<Parser> {
  ready ??= (async () => {
    const here = typeof __dirname === "string" ? __dirname : process.cwd();
    const runtime = firstExisting([join(here, "web-tree-sitter.wasm")]);
    await Parser.init(runtime ? { locateFile: () => runtime } : undefined);
    const grammar = firstExisting([
      join(here, "tree-sitter-c.wasm"),
      join(here, "..", "..", "..", "..", "grammars", "tree-sitter-c.wasm"),
      join(here, "..", "..", "grammars", "tree-sitter-c.wasm"),
      join(here, "..", "grammars", "tree-sitter-c.wasm"),
    ]);
    if (!grammar) throw new Error(`tree-sitter-c.wasm not found near ${here}; run \`npm run build\``);
    const parser = new Parser();
    parser.setLanguage(await Language.load(grammar));
    return parser;
  })();
  return ready;
}

/** Function definitions: top-level ones and any inside #if blocks or error-recovery nodes. */
/** Per language: 1 for a function definition, 2 for an item that may hold some, 0 otherwise, by type id. */
const itemKindsOf = new WeakMap<object, Map<number, number>>();
function itemKinds(language: object): Map<number, number> {
  let m = itemKindsOf.get(language);
  if (!m) itemKindsOf.set(language, (m = new Map()));
  return m;
}

/** Per parse tree. An edit parses a new tree; the old one is only marked edited for that reparse, then deleted. */
const definitionsOfTree = new WeakMap<object, readonly import("web-tree-sitter").Node[]>();

/** The file's function definitions in order (top level, and inside preprocessor blocks), read once per tree. */
export function functionDefinitions(root: import("web-tree-sitter").Node): readonly import("web-tree-sitter").Node[] {
  if (root.parent) return readFunctionDefinitions(root);
  let out = definitionsOfTree.get(root.tree);
  if (!out) definitionsOfTree.set(root.tree, (out = readFunctionDefinitions(root)));
  return out;
}

/** The function definition holding `offset` (its ends included), if any. */
export function functionHolding(root: import("web-tree-sitter").Node, offset: number): import("web-tree-sitter").Node | null {
  return functionDefinitions(root).find((f) => f.startIndex <= offset && offset <= f.endIndex) ?? null;
}

function readFunctionDefinitions(root: import("web-tree-sitter").Node): import("web-tree-sitter").Node[] {
  // A cursor reads each item's type without making a Node of every item (a report reads the
  // file's functions on every edit).
  const out: import("web-tree-sitter").Node[] = [];
  const c = root.walk();
  const kinds = itemKinds(root.tree.language);
  const visit = () => {
    if (!c.gotoFirstChild()) return;
    do {
      // One wasm call per item: its type id (anonymous tokens such as `;` are neither kind).
      const id = c.nodeTypeId;
      let k = kinds.get(id);
      if (k === undefined) {
        const t = id === 65535 ? "ERROR" : (root.tree.language.types[id] ?? "");
        kinds.set(id, (k = t === "function_definition" ? 1 : t === "ERROR" || t.startsWith("preproc_") || t === "linkage_specification" || t === "declaration_list" ? 2 : 0));
      }
      if (k === 1) out.push(c.currentNode);
      else if (k === 2) visit();
    } while (c.gotoNextSibling());
    c.gotoParent();
  };
  try { visit(); } finally { c.delete(); }
  return out;
}

/** Parses C text; never throws on bad C (the tree then holds ERROR/MISSING nodes). */
export function parse(parser: Parser, text: string, old?: Tree): Tree {
  const tree = parser.parse(text, old ?? null);
  if (!tree) throw new Error("tree-sitter returned no tree (parser not initialised?)");
  return tree;
}
