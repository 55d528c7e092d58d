// Instruments a C kernel so an instrumented gcc run measures, independently of the engine's
// access list, what the engine's figures claim:
//   - every statement the engine reports (by its expression span) counts its executions:
//     `(__ls_stmt(K), (E))`, as harness/instrument.ts does;
//   - every nest the engine reports is bracketed `{ __ls_enter(N); <nest> __ls_leave(N); }`, so
//     the runtime knows which nests are active (a nest of a callee runs inside its caller's);
//   - every memory access of the file, found with tree-sitter (not taken from the engine: a
//     pointer access the engine misreads must still be counted), becomes
//     `(*(__typeof__(&(X)))__ls_touch((const void *)&(X)))`: the address is recorded in the
//     set of every active nest, under the buffer that holds it. The driver names the buffers
//     with REG(ptr, count) (data/realcode/common.h), so footprints are per BASE array.
// An access is a subscript `a[i]` that is not itself the array operand of another subscript,
// or a dereference `*p`; neither is an access under `&` or `sizeof`. Struct fields (`l->n`)
// are not accesses to a buffer.

import type { Parser } from "web-tree-sitter";
import { parse, type SyntaxNode } from "../../src/engine/syntax/parser";
import type { FileReport } from "../../src/engine";
import { nestEdits, renderRange, type Edit } from "./instrument";

export interface Traced {
  readonly code: string;
  /** Counter K counts report.nests[nest].statements[stmt]. */
  readonly counters: { nest: number; stmt: number; counter: number }[];
}


/** Spans of the memory accesses of `text` (tree-sitter's view). */
export function accessSpans(parser: Parser, text: string): { start: number; end: number }[] {
  const tree = parse(parser, text);
  const out: { start: number; end: number }[] = [];
  const excluded = (n: SyntaxNode): boolean => {
    for (let c: SyntaxNode | null = n.parent, child: SyntaxNode = n; c; child = c, c = c.parent) {
      if (c.type === "parenthesized_expression") continue;
      if (c.type === "pointer_expression" && c.childForFieldName("operator")?.text === "&") return true;
      if (c.type === "sizeof_expression") return true;
      if (c.type === "subscript_expression" && c.childForFieldName("argument")?.id === child.id) return true;
      return false;
    }
    return false;
  };
  const visit = (n: SyntaxNode, inFunction: boolean) => {
    const isAccess = (n.type === "subscript_expression") || (n.type === "pointer_expression" && n.childForFieldName("operator")?.text === "*");
    if (inFunction && isAccess && !excluded(n)) out.push({ start: n.startIndex, end: n.endIndex });
    for (const c of n.namedChildren) if (c) visit(c, inFunction || n.type === "function_definition");
  };
  visit(tree.rootNode, false);
  tree.delete();
  return out;
}

/** Lines of every `for` statement of the text. */
export function forLines(parser: Parser, text: string): { line: number; start: number; end: number; outermost: boolean; fn: string }[] {
  const tree = parse(parser, text);
  const out: { line: number; start: number; end: number; outermost: boolean; fn: string }[] = [];
  const visit = (n: SyntaxNode, inFor: boolean, fn: string) => {
    let name = fn;
    if (n.type === "function_definition") {
      let d = n.childForFieldName("declarator");
      while (d && d.type !== "identifier") d = d.childForFieldName("declarator") ?? d.namedChild(0);
      name = d?.text ?? "";
    }
    const isFor = n.type === "for_statement";
    if (isFor) out.push({ line: n.startPosition.row + 1, start: n.startIndex, end: n.endIndex, outermost: !inFor, fn: name });
    for (const c of n.namedChildren) if (c) visit(c, inFor || isFor, name);
  };
  visit(tree.rootNode, false, "");
  tree.delete();
  return out;
}

export function trace(parser: Parser, text: string, report: FileReport): Traced {
  const edits: Edit[] = [];
  const counters: { nest: number; stmt: number; counter: number }[] = [];
  const bySpan = new Map<string, number>();
  report.nests.forEach((nest, ni) => {
    edits.push({ start: nest.start, end: nest.end, rank: -1, children: [], wrap: (inner) => `{ __ls_enter(${ni}); ${inner} __ls_leave(${ni}); }` });
    nest.statements.forEach((st, si) => {
      if (st.exprStart === null || st.exprEnd === null) return;
      // Two nests may report the same statement (a callee's): one counter serves both.
      const key = `${st.exprStart}:${st.exprEnd}`;
      let k = bySpan.get(key);
      if (k === undefined) {
        k = bySpan.size; bySpan.set(key, k);
        const kk = k;
        edits.push({ start: st.exprStart, end: st.exprEnd, rank: 0, children: [], wrap: (inner) => `(__ls_stmt(${kk}), (${inner}))` });
      }
      counters.push({ nest: ni, stmt: si, counter: k });
    });
  });
  for (const a of accessSpans(parser, text))
    edits.push({ start: a.start, end: a.end, rank: 1, children: [], wrap: (inner) => `(*(__typeof__(&(${inner})))__ls_touch((const void *)&(${inner})))` });
  // Identical spans (a statement that is one access; two nests' statements) nest by rank.
  const seen = new Set<string>();
  const unique = edits.filter((e) => { const k = `${e.start}:${e.end}:${e.rank}`; if (seen.has(k)) return false; seen.add(k); return true; });
  const body = renderRange(text, 0, text.length, nestEdits(unique, text.length));
  return { code: runtime(bySpan.size, report.nests.length) + "#line 1\n" + body, counters };
}


/** Output: `stmt K COUNT`, then `touch NEST NAME ELEMENTBYTES DISTINCT` per (nest, buffer). */
function runtime(nStmt: number, nNest: number): string {
  return `/* ---- loopsmith memtrace runtime ---- */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#define __LS_NSTMT ${nStmt}
#define __LS_NNEST ${nNest}
#define __LS_NBUF 16
static unsigned long long __ls_counts[__LS_NSTMT + 1];
typedef struct { uintptr_t *slot; size_t cap, count; } __ls_set;
static struct { const char *name; uintptr_t lo, hi; size_t elem; } __ls_bufs[__LS_NBUF];
static int __ls_nbuf;
static __ls_set __ls_sets[__LS_NNEST + 1][__LS_NBUF];
static int __ls_active[64], __ls_depth;
static void __ls_stmt(int k) { __ls_counts[k]++; }
static void __ls_enter(int n) { if (__ls_depth < 64) __ls_active[__ls_depth] = n; __ls_depth++; }
static void __ls_leave(int n) { (void)n; __ls_depth--; }
static void __ls_reg(const char *name, const void *p, size_t elem, long n) {
  if (__ls_nbuf == __LS_NBUF) abort();
  __ls_bufs[__ls_nbuf].name = name; __ls_bufs[__ls_nbuf].lo = (uintptr_t)p;
  __ls_bufs[__ls_nbuf].hi = (uintptr_t)p + elem * (size_t)(n > 0 ? n : 0); __ls_bufs[__ls_nbuf].elem = elem; __ls_nbuf++;
}
static void __ls_insert(__ls_set *s, uintptr_t key) {
  size_t mask = s->cap - 1, h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 16) & mask;
  while (s->slot[h] != 0) { if (s->slot[h] == key) return; h = (h + 1) & mask; }
  s->slot[h] = key; s->count++;
}
static void __ls_add(__ls_set *s, uintptr_t key) {
  if ((s->count + 1) * 2 > s->cap) {
    __ls_set g = { 0, s->cap ? s->cap * 2 : 256, 0 };
    g.slot = (uintptr_t *)calloc(g.cap, sizeof *g.slot);
    if (!g.slot) abort();
    for (size_t i = 0; i < s->cap; i++) if (s->slot[i]) __ls_insert(&g, s->slot[i]);
    free(s->slot);
    *s = g;
  }
  __ls_insert(s, key);
}
static void *__ls_touch(const void *p) {
  uintptr_t key = (uintptr_t)p;
  int b = 0;
  while (b < __ls_nbuf && !(key >= __ls_bufs[b].lo && key < __ls_bufs[b].hi)) b++;
  if (b < __ls_nbuf)
    for (int d = 0; d < __ls_depth && d < 64; d++) __ls_add(&__ls_sets[__ls_active[d]][b], key);
  return (void *)p;
}
static void __ls_report(void) {
  for (int b = 0; b < __ls_nbuf; b++) printf("buf %s\\n", __ls_bufs[b].name);
  for (int k = 0; k < __LS_NSTMT; k++) printf("stmt %d %llu\\n", k, __ls_counts[k]);
  for (int n = 0; n < __LS_NNEST; n++)
    for (int b = 0; b < __ls_nbuf; b++)
      if (__ls_sets[n][b].count) printf("touch %d %s %zu %zu\\n", n, __ls_bufs[b].name, __ls_bufs[b].elem, __ls_sets[n][b].count);
}
/* ---- end of runtime ---- */
`;
}

export interface TraceRun {
  stmts: Map<number, number>;
  /** Names the driver registered. */
  buffers: Set<string>;
  /** nest index -> buffer name -> { elem bytes, distinct addresses } (buffers of one name summed). */
  touched: Map<number, Map<string, { elem: number; count: number }>>;
}

export function parseTrace(output: string): TraceRun {
  const stmts = new Map<number, number>();
  const touched = new Map<number, Map<string, { elem: number; count: number }>>();
  const buffers = new Set<string>();
  for (const line of output.split("\n")) {
    const m = /^stmt (\d+) (\d+)$/.exec(line);
    if (m) { stmts.set(Number(m[1]), Number(m[2])); continue; }
    const b = /^buf (\S+)$/.exec(line);
    if (b) { buffers.add(b[1]); continue; }
    const t = /^touch (\d+) (\S+) (\d+) (\d+)$/.exec(line);
    if (t) {
      const per = touched.get(Number(t[1])) ?? new Map();
      const prev = per.get(t[2]);
      per.set(t[2], { elem: Number(t[3]), count: (prev?.count ?? 0) + Number(t[4]) });
      touched.set(Number(t[1]), per);
    }
  }
  return { stmts, touched, buffers };
}

/** File-scope names a C text defines: functions, globals, typedefs, struct/union/enum tags, enumerators. */
export function fileScopeNames(parser: Parser, text: string): string[] {
  const tree = parse(parser, text);
  const out = new Set<string>();
  const declName = (d: SyntaxNode | null) => {
    while (d && d.type !== "identifier" && d.type !== "type_identifier") d = d.childForFieldName("declarator") ?? d.namedChild(0);
    if (d) out.add(d.text);
  };
  const tags = (n: SyntaxNode) => {
    if (["struct_specifier", "union_specifier", "enum_specifier", "enumerator"].includes(n.type)) { const nm = n.childForFieldName("name"); if (nm) out.add(nm.text); }
    for (const c of n.namedChildren) if (c && c.type !== "compound_statement") tags(c);
  };
  for (const c of tree.rootNode.namedChildren) {
    if (!c) continue;
    if (c.type === "function_definition") declName(c.childForFieldName("declarator"));
    else if (c.type === "declaration" || c.type === "type_definition") for (const d of c.childrenForFieldName("declarator")) if (d) declName(d);
    tags(c);
  }
  tree.delete();
  return [...out];
}
