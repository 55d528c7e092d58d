// syntax/mirror.ts answers like the tree it copies: every node of every C file of the tests
// and samples (and of variants of them: broken, for error recovery; CRLF; non-ASCII) is compared with the real
// node, property by property, every field name included. npm test takes a sample of the files
// (helpers/sample.ts); LOOPSMITH_FULL=1 takes them all.

import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Parser } from "web-tree-sitter";
import { initParser, parse, type SyntaxNode } from "../src/engine/syntax/parser";
import { mirror } from "../src/engine/syntax/mirror";
import { FULL, sampled } from "./helpers/sample";

const here = dirname(fileURLToPath(import.meta.url));
const cFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => { const p = join(dir, f); return statSync(p).isDirectory() ? cFiles(p) : p.endsWith(".c") ? [p] : []; });

let parser: Parser;
beforeAll(async () => { parser = await initParser(); });

/** Differences between a real node and its copy, down the whole subtree. */
function compare(real: SyntaxNode, copy: SyntaxNode, fields: readonly string[], out: string[]): void {
  if (out.length > 10) return;
  const at = `${real.type}@${real.startIndex}`;
  const same = (what: string, a: unknown, b: unknown) => { if (a !== b) out.push(`${at} ${what}: ${String(a)} vs ${String(b)}`); };
  same("id", real.id, copy.id); same("type", real.type, copy.type); same("text", real.text, copy.text);
  same("startIndex", real.startIndex, copy.startIndex); same("endIndex", real.endIndex, copy.endIndex);
  same("row", real.startPosition.row, copy.startPosition.row); same("column", real.startPosition.column, copy.startPosition.column);
  same("hasError", real.hasError, copy.hasError); same("isError", real.isError, copy.isError); same("isMissing", real.isMissing, copy.isMissing);
  same("parent", real.parent?.id, copy.parent?.id); same("namedChildCount", real.namedChildCount, copy.namedChildCount);
  same("firstChild", real.firstChild?.id, copy.firstChild?.id);
  // Each read of `children` on the real tree copies them out of wasm: read once, used twice.
  const kids = real.children, copies = copy.children;
  same("children", kids.map((c) => c?.id).join(), copies.map((c) => c?.id).join());
  same("namedChildren", real.namedChildren.map((c) => c?.id).join(), copy.namedChildren.map((c) => c?.id).join());
  same("namedChild(0)", real.namedChild(0)?.id, copy.namedChild(0)?.id);
  for (const f of fields) {
    same(`childForFieldName(${f})`, real.childForFieldName(f)?.id, copy.childForFieldName(f)?.id);
    same(`childrenForFieldName(${f})`, real.childrenForFieldName(f).map((c) => c?.id).join(), copy.childrenForFieldName(f).map((c) => c?.id).join());
  }
  for (let i = 0; i < Math.min(kids.length, copies.length); i++) compare(kids[i]!, copies[i]!, fields, out);
}

const TYPES = [["identifier"], ["ERROR"], ["assignment_expression", "update_expression", "pointer_expression"], ["for_statement", "break_statement", "continue_statement", "return_statement", "goto_statement"], ["declaration"], ["comment"]];

describe("mirror", () => {
  const all = [...cFiles(join(here, "data")), ...cFiles(join(here, "..", "..", "samples"))];
  // npm test: one file in 8 (by name, helpers/sample.ts) and the variants of every third of
  // those; LOOPSMITH_FULL=1 (a step of .ci/run): every file and all its variants.
  const files = sampled(all, (f) => f.slice(here.length), 8);
  it("finds the C files", () => { expect(all.length).toBeGreaterThan(20); expect(files.length).toBeGreaterThan(FULL ? 20 : 10); });
  it(`copies every node of ${FULL ? "every file" : `${files.length} of the ${all.length} files`}, and of broken variants, as the tree reads it`, () => {
    files.forEach((file, k) => {
      const whole = readFileSync(file, "utf8");
      // Broken variants: a brace and a parenthesis removed in the middle, the text cut short.
      const mid = whole.length >> 1;
      // Non-ASCII text and CRLF line ends (columns count UTF-16 units, rows count "\n").
      const variants = [whole, whole.slice(0, mid) + whole.slice(mid).replace("}", ""), whole.slice(0, mid) + whole.slice(mid).replace(")", ""), whole.slice(0, mid),
        whole.replace(/\n/g, "\r\n"), whole.replace(/\/\/ ?/g, "// é😀 ").replace(/"/, '"ü😀')];
      // Each file as it is; in npm test the variants of every third file (the copy's code paths
      // are the same, and all of them take 20 s on a 2-core machine), all with LOOPSMITH_FULL=1.
      for (const text of FULL || k % 3 === 0 ? variants : variants.slice(0, 1)) {
        const tree = parse(parser, text);
        const fields = tree.language.fields.filter((f): f is string => !!f);
        const copy = mirror(tree.rootNode, text);
        const out: string[] = [];
        compare(tree.rootNode, copy, fields, out);
        for (const t of TYPES) {
          if (out.length) break;
          const a = tree.rootNode.descendantsOfType(t).map((x) => x?.id).join(), b = copy.descendantsOfType(t).map((x) => x?.id).join();
          if (a !== b) out.push(`descendantsOfType(${t.join()}) differs`);
          const inner = tree.rootNode.namedChildren.find((c) => c?.type === "function_definition");
          if (inner) {
            const innerCopy = mirror(inner, text);
            const x = inner.descendantsOfType(t).map((y) => y?.id).join(), y = innerCopy.descendantsOfType(t).map((z) => z?.id).join();
            if (x !== y) out.push(`function descendantsOfType(${t.join()}) differs`);
            if (inner.parent?.id !== innerCopy.parent?.id) out.push("function parent differs");
          }
        }
        tree.delete();
        expect(out, `${file} (${text.length} chars)`).toEqual([]);
      }
    });
  // Every file and all its variants (LOOPSMITH_FULL=1) take over a minute on a loaded 2-core
  // machine: past the 60 s default, the test failed as timed out although every copy matched.
  }, FULL ? 600_000 : 60_000);
});
